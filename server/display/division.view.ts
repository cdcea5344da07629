/** An Open Civic Data division id as pages show it: the id, and a search of the statements in that district. */
export interface DivisionView {
  id: string;
  searchUrl: string;
}

export function toDivisionView(ocdId: string | null): DivisionView | null {
  return ocdId === null ? null : { id: ocdId, searchUrl: `/search?ocd_id=${encodeURIComponent(ocdId)}` };
}
