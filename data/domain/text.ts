// Shortening text for lists and titles.

/** At most `max` characters, cut at the end with an ellipsis. */
export function excerpt(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
