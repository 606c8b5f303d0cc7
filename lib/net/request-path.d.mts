export declare function isDecodablePath(url: string | null | undefined): boolean;
export declare const BAD_PATH_BODY: string;
