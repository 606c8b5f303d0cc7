"use client";

import { useEffect, useRef } from "react";

/**
 * Moves focus after the next render, once the element exists: to a new row after "Add",
 * to a neighbour after "Remove", back to a button whose row React moved in the DOM.
 */
export function usePendingFocus<T extends HTMLElement>() {
  const containerRef = useRef<T>(null);
  const pending = useRef<string | null>(null);

  useEffect(() => {
    const selector = pending.current;
    if (!selector) return;
    pending.current = null;
    containerRef.current?.querySelector<HTMLElement>(selector)?.focus();
  });

  return {
    containerRef,
    focusAfterRender(selector: string) {
      pending.current = selector;
    },
  };
}
