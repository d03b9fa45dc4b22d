/**
 * One app's failure stops that app only: anything thrown while drawing its page (a budget the
 * page broke, a value the host could not draw) is caught here, at the app surface, and the app
 * is stopped with the reason; the status bar, the launcher and every other app keep running.
 */
import type { ErrorInfo, ReactNode } from 'react';
import { Component } from 'react';

interface Props {
  readonly onError: (reason: string) => void;
  readonly children: ReactNode;
}

export class AppErrorBoundary extends Component<Props, { readonly failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, _info: ErrorInfo): void {
    const message = error instanceof Error ? error.message : String(error);
    this.props.onError(`its page could not be drawn: ${message.slice(0, 300)}`);
  }

  override render(): ReactNode {
    return this.state.failed ? null : this.props.children;
  }
}
