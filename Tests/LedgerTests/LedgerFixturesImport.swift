// The faulty ledgers of other programs, the Python oracle, child processes and temporary
// folders, shared with the portal's tests (Tests/LedgerFixtures), seen by every file here.
@_exported import LedgerFixtures
