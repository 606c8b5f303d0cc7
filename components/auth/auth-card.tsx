import type { ReactNode } from "react";

/** The centred card the sign-in, setup and password pages share. */
export function AuthCard(props: { title: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className="auth-page">
      <div className="auth-card card" style={props.wide ? { maxWidth: 440 } : undefined}>
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
