export { classifySendError } from './classify.ts';
export { DryRunEmailTransport, type DryRunTransportOptions } from './dry-run-transport.ts';
export { buildMailOptions } from './mail-options.ts';
export { deterministicMessageId } from './message-id.ts';
export { type SmtpTransportConfig, smtpTransportConfigSchema } from './smtp-config.ts';
export { SmtpEmailTransport } from './smtp-transport.ts';
export { type CompiledTemplate, compileTemplate, type TemplateKind } from './templates/compile-template.ts';
export { TemplateError } from './templates/template-error.ts';
export {
  type LoadTemplateSetOptions,
  loadTemplateSet,
  type RenderedEmail,
  type TemplateSet,
} from './templates/template-set.ts';
export type { EmailMessage, EmailTransport, SendResult } from './types.ts';
