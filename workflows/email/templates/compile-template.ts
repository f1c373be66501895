import Handlebars from 'handlebars';
import { toTemplateError } from './template-error.ts';

export type TemplateKind = 'subject' | 'text' | 'html';

export interface CompiledTemplate {
  file: string;
  kind: TemplateKind;
  /** Renders strictly: a field missing from `data` throws a TemplateError naming file and line. */
  render(data: unknown, dataLabel: string): string;
}

/**
 * Compiles one template eagerly so syntax errors surface at load time. Only HTML is escaped:
 * subject and plain text are not HTML, and escaping them would show "&amp;" to the reader.
 */
export function compileTemplate(file: string, kind: TemplateKind, source: string): CompiledTemplate {
  const handlebars = Handlebars.create();
  let ast: hbs.AST.Program;
  let template: HandlebarsTemplateDelegate;
  try {
    ast = handlebars.parse(source);
    template = handlebars.compile(ast, { strict: true, noEscape: kind !== 'html' });
    // compile() defers code generation to the first render; precompile runs it now, so compiler
    // errors (e.g. an invalid path such as "../") surface at load time with the file name.
    handlebars.precompile(ast, { strict: true, noEscape: kind !== 'html' });
  } catch (error) {
    throw toTemplateError(error, file, null, 'template');
  }
  return {
    file,
    kind,
    render(data, dataLabel) {
      try {
        const output = template(data);
        return kind === 'subject' ? output.replace(/\s+/g, ' ').trim() : output;
      } catch (error) {
        throw toTemplateError(error, file, ast, dataLabel);
      }
    },
  };
}
