export declare const CLIENT_IP_HEADER: "x-chartroom-client-ip";
export declare const CLIENT_PROTO_HEADER: "x-chartroom-client-proto";
export declare const FORWARDING_HEADERS: string[];
export interface ProxyRange {
  network: bigint;
  mask: bigint;
}
export declare function normalizeAddress(address: string | null | undefined): string | null;
export declare function parseTrustedProxies(value: string | null | undefined): ProxyRange[];
export declare function isTrusted(address: string | null | undefined, ranges: ProxyRange[]): boolean;
export declare function resolveClient(
  input: {
    peer: string | null | undefined;
    forwardedFor?: string | string[];
    forwardedProto?: string | string[];
    encrypted?: boolean;
  },
  ranges: ProxyRange[],
): { address: string | null; proto: "http" | "https"; trustedPeer: boolean };
