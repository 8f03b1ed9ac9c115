/** What every report says to do about calls whose CDR rows were never read. */
export const NOT_VERIFIED_HINT =
  'Check them against the CDR database with: callcheck verify <run-dir> --cdr mysql://user:password@127.0.0.1:3306/database (the database the run wrote to, or a restored copy).';
