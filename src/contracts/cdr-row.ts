/** One row of the CDR table as read back: standard columns plus the mapped ones, all as strings or numbers. */
export interface CdrRow {
  calldate: string;
  src: string;
  dst: string;
  dcontext: string;
  channel: string;
  disposition: string;
  duration: number;
  billsec: number;
  uniqueid: string;
  /** The mapped columns (and any other non-standard ones), by column name. */
  mapped: Record<string, string | null>;
}
