export { exportContext } from "./exportContext.js";
export { type ExportOptions, type ExportResult, exportRun } from "./exportRun.js";
export type { ExportContext, ExportFormatWriter } from "./formats/ExportFormatWriter.js";
export { exportFormatWriters } from "./formats/exportFormats.js";
export { parseSplit, type SplitName, type SplitShares, splitNames, splitRecords } from "./splitRecords.js";
