import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { ProxyRange } from "./forwarded.mjs";

export declare const CONTENT_LENGTH_HEADER: "x-chartroom-content-length";
type Handle = (req: IncomingMessage, res: ServerResponse) => unknown;
export declare function chartroomListener(handle: Handle, options?: { trustedProxies?: ProxyRange[] }): Handle;
export declare function createChartroomServer(handle: Handle, options?: { trustedProxies?: ProxyRange[] }): Server;
