import { describe, expect, it } from 'vitest';
import { closest, editDistance, formatPath, suggestionHint } from '../../../core/config/index.ts';

describe('closest', () => {
  it('counts a swapped pair of letters as one edit', () => {
    expect(editDistance('salesfroce', 'salesforce')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests the intended word and nothing for unrelated words', () => {
    const connectors = ['hubspot', 'salesforce', 'demo_files'];
    expect(closest('salesfroce', connectors)).toBe('salesforce');
    expect(closest('hubsopt', connectors)).toBe('hubspot');
    expect(closest('demo-files', connectors)).toBe('demo_files');
    expect(closest('zendesk', connectors)).toBeUndefined();
  });

  it('scales the tolerance with the word length', () => {
    expect(closest('xy', ['ab'])).toBeUndefined();
    expect(closest('to', ['do'])).toBe('do');
    expect(closest('accesToken', ['accessToken', 'portalId'])).toBe('accessToken');
  });

  it('prefers the nearest candidate, then the earlier one', () => {
    expect(closest('lead', ['load', 'lead_score', 'leaf'])).toBe('load');
  });

  it('writes a hint with the suggestion or the allowed values', () => {
    expect(suggestionHint('laed', ['lead', 'churn'])).toBe("did you mean 'lead'?");
    expect(suggestionHint('xyzzy', ['lead', 'churn', 'ltv'])).toBe("expected 'lead', 'churn' or 'ltv'");
  });
});

describe('formatPath', () => {
  it('renders list indexes in brackets and odd keys quoted', () => {
    expect(formatPath(['workflows', 0, 'actions', 1, 'to'])).toBe('workflows[0].actions[1].to');
    expect(formatPath(['columns', 'E-mail Address'])).toBe('columns["E-mail Address"]');
    expect(formatPath([])).toBe('');
  });
});
