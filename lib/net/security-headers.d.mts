export declare function contentSecurityPolicy(nonce: string | null | undefined, options?: { dev?: boolean }): string;
export declare const SECURITY_HEADERS: { key: string; value: string }[];
