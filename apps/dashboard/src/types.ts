// The admin API's answers, as the dashboard reads them: the contract's own types (erased from the bundle).
export type {
  Alert,
  AgencyStatistics,
  BinaryProblem,
  DeadLetterSummary,
  EFileRevisions,
  EFileSummary,
  Overview,
  Page,
  Period,
  Principal,
  Problem,
  RedriveReport,
  Statistics,
  Suggestion,
  Totals,
} from '../../../libs/contracts/src/admin-api';
