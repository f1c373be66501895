import mjml2html from 'mjml';
import { type CompiledTemplate, compileTemplate } from './compile-template.ts';
import { TemplateError } from './template-error.ts';

interface MjmlIssue {
  readonly line?: number;
  readonly message?: string;
}

/**
 * An HTML part written in MJML (`<email>.html.mjml`). MJML is compiled to responsive HTML once, at
 * load time, with its Handlebars expressions kept as text; the HTML is then compiled strictly like
 * any `.html.hbs`. The MJML source is compiled as Handlebars too, so a missing field is reported at
 * the line of the .mjml file the author edits, not of the generated HTML.
 */
export async function compileMjmlTemplate(file: string, source: string): Promise<CompiledTemplate> {
  const sourceTemplate = compileTemplate(file, 'html', source);
  let html: string;
  try {
    html = (await mjml2html(source, { validationLevel: 'strict', keepComments: false })).html;
  } catch (error) {
    const reported = error as { details?: MjmlIssue[]; errors?: MjmlIssue[] };
    const issues = (reported.errors ?? reported.details ?? []).filter((issue) => issue.message);
    const first = issues[0];
    throw new TemplateError(
      file,
      first?.line ?? null,
      `invalid MJML: ${issues.map((issue) => issue.message).join('; ') || (error as Error).message}`,
    );
  }
  const htmlTemplate = compileTemplate(file, 'html', html);
  return {
    file,
    kind: 'html',
    render(data, dataLabel) {
      try {
        return htmlTemplate.render(data, dataLabel);
      } catch (error) {
        // Re-render the source to report the problem at its line in the .mjml file.
        sourceTemplate.render(data, dataLabel);
        throw error;
      }
    },
  };
}
