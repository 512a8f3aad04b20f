/**
 * The center's mark: two paths walking side by side (مواكبة, "accompaniment") in a round seal.
 * Decorative next to the name, which is the link's or heading's text. A center may swap this file for its own logo.
 */
export function BrandMark({ size = 32 }: { size?: number }) {
  return (
    <svg className="brand-mark" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <circle cx="16" cy="16" r="15" fill="var(--brand-seal, #f4a300)" />
      <path d="M9 24c0-7 3-12 7-15" fill="none" stroke="var(--brand-ink, #073b30)" strokeWidth="2.6" strokeLinecap="round" />
      <path d="M23 24c0-7-3-12-7-15" fill="none" stroke="var(--brand-ink, #073b30)" strokeWidth="2.6" strokeLinecap="round" />
      <circle cx="16" cy="8" r="2.4" fill="var(--brand-ink, #073b30)" />
    </svg>
  );
}
