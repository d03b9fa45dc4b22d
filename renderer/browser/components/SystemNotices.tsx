import { useState } from 'react';

/**
 * What the head unit must tell whoever is looking: an OEM config with problems (and so a fully
 * restricted car), an app that did not install. The first line stays until dismissed; the
 * details open on a tap, for the integrator rather than the driver.
 */
export function SystemNotices({ notices }: { readonly notices: readonly string[] }) {
  const [dismissed, setDismissed] = useState(false);
  const [open, setOpen] = useState(false);
  if (notices.length === 0 || dismissed) return null;
  const [first, ...details] = notices;
  return (
    <div className="system-notice" role="alert" data-testid="system-notice">
      <button type="button" className="notice-summary" onClick={() => setOpen(!open)}>
        {first}
        {details.length > 0 ? ` (${details.length} more)` : ''}
      </button>
      {open ? (
        <ul className="notice-details" data-testid="system-notice-details">
          {details.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      <button type="button" className="notice-dismiss" aria-label="Dismiss" onClick={() => setDismissed(true)}>
        ×
      </button>
    </div>
  );
}
