import { CreateInbox1795478400000 } from './1795478400000-CreateInbox';
import { CreateDeadLetterAndOutbox1795478400001 } from './1795478400001-CreateDeadLetterAndOutbox';
import { CreateCorrelationState1795478400002 } from './1795478400002-CreateCorrelationState';
import { AddSuggestionMarks1795478400003 } from './1795478400003-AddSuggestionMarks';
import { CreateOperations1795478400004 } from './1795478400004-CreateOperations';
import { AddJobPhase1795478400005 } from './1795478400005-AddJobPhase';
import { AddAgencyName1795478400006 } from './1795478400006-AddAgencyName';
import { AddTransferredAt1795478400007 } from './1795478400007-AddTransferredAt';
import { CreateFilingLock1795478400008 } from './1795478400008-CreateFilingLock';
import { AlertByDossier1795478400009 } from './1795478400009-AlertByDossier';
import { ChainAuditLog1795478400010 } from './1795478400010-ChainAuditLog';
import { AddDeadLetterAgency1795478400011 } from './1795478400011-AddDeadLetterAgency';
import { CreateEdxmlFile1795478400012 } from './1795478400012-CreateEdxmlFile';
import { CreateTransfer1795478400013 } from './1795478400013-CreateTransfer';

/** Every migration, in order (explicit, because bundlers break globs). */
export const MIGRATIONS = [
  CreateInbox1795478400000,
  CreateDeadLetterAndOutbox1795478400001,
  CreateCorrelationState1795478400002,
  AddSuggestionMarks1795478400003,
  CreateOperations1795478400004,
  AddJobPhase1795478400005,
  AddAgencyName1795478400006,
  AddTransferredAt1795478400007,
  CreateFilingLock1795478400008,
  AlertByDossier1795478400009,
  ChainAuditLog1795478400010,
  AddDeadLetterAgency1795478400011,
  CreateEdxmlFile1795478400012,
  CreateTransfer1795478400013,
];
