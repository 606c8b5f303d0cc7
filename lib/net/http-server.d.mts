import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { ProxyRange } from "./forwarded.mjs";

export declare const CONTENT_LENGTH_HEADER: "x-chartroom-content-length";
export declare function isDecodablePath(url: string | null | undefined): boolean;
type Handle = (req: IncomingMessage, res: ServerResponse) => unknown;
export declare function chartroomListener(handle: Handle, options?: { trustedProxies?: ProxyRange[] }): Handle;
export declare function createChartroomServer(handle: Handle, options?: { trustedProxies?: ProxyRange[] }): Server;
