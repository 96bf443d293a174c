/**
 * The bounds of one import. A file past them is refused whole with a message
 * that names the bound; bigger collections are split into several files
 * (each import is all-or-nothing on its own, and re-importing is harmless).
 */
export const MAX_IMPORT_BYTES = 16 * 1024 * 1024;
export const MAX_IMPORT_MEMORIES = 20_000;
/** How many problems, skipped lines and preview memories a report lists (counts are always whole). */
export const REPORT_LIST_LIMIT = 100;
export const PREVIEW_LIMIT = 20;
