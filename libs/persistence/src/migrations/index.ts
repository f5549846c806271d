import { CreateInbox1795478400000 } from './1795478400000-CreateInbox';

/** Every migration, in order (explicit, because bundlers break globs). */
export const MIGRATIONS = [CreateInbox1795478400000];
