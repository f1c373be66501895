/** Text from a file as an error message may show it: short, so no message carries a row's data. */
export function excerpt(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** A header's column names for a message: the first few, each cut short, and how many more. */
export function columnList(header: readonly string[], max = 20): string {
  const shown = header.slice(0, max).map((name) => excerpt(name, 40));
  const more = header.length - shown.length;
  return shown.join(', ') + (more > 0 ? ` ... and ${more} more` : '');
}
