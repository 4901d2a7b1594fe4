/**
 * Formatting shared by the screens: byte sizes and times as a learner reads them.
 * @module
 */

/**
 * @param bytes a size in bytes, or null when unknown
 * @returns the size in binary units, e.g. `1.5 KB`, `3 MB`, or `unknown`
 */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) {
    return 'unknown';
  }
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}
