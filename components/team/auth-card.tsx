import type { ReactNode } from "react";

/** The centred card the sign-in page uses, for the other pages people reach before a workspace. */
export function AuthCard(props: { title: string; children: ReactNode }) {
  return (
    <div className="auth-page">
      <div className="auth-card card">
        <div className="auth-brand">
          <span className="brand-mark" aria-hidden="true">
            C
          </span>
          <span className="brand-name">Chartroom</span>
        </div>
        <h1 className="auth-title">{props.title}</h1>
        {props.children}
      </div>
    </div>
  );
}
