import { describe, expect, it } from "vitest";
import { ApiError } from "../api/errors";
import { readSignInBody, signInMediaType } from "./sign-in-body";

const post = (body: BodyInit, contentType?: string) =>
  new Request("http://app.example/api/auth/callback/credentials", {
    method: "POST",
    body,
    headers: contentType ? { "content-type": contentType } : {},
  });

async function refusal(req: Request): Promise<ApiError> {
  const error = await readSignInBody(req).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).status).toBe(400);
  return error as ApiError;
}

describe("sign-in body", () => {
  it("reads a form and a JSON body to the same fields", async () => {
    const fields = { csrfToken: "t", email: "a@example.com", password: "p w&=", json: "true" };
    expect({
      ...(await readSignInBody(post(new URLSearchParams(fields).toString(), "application/x-www-form-urlencoded"))),
    }).toEqual(fields);
    expect({ ...(await readSignInBody(post(JSON.stringify(fields), "application/json; charset=UTF-8"))) }).toEqual(
      fields,
    );
    expect({
      ...(await readSignInBody(post('{"email":"a\\"b@example.com","password":"x"}', "application/json"))),
    }).toEqual({
      email: 'a"b@example.com',
      password: "x",
    });
  });

  it("accepts only a form or JSON media type, in UTF-8", () => {
    for (const ok of [
      "application/json",
      "Application/JSON",
      "application/x-www-form-urlencoded;charset=utf-8",
      'application/json; charset="UTF-8"',
    ]) {
      expect(() => signInMediaType(ok), ok).not.toThrow();
    }
    for (const bad of [
      null,
      "",
      "text/plain; application/json",
      "application/json-patch+json",
      "application/x-www-form-urlencoded, application/json",
      "multipart/form-data; boundary=x",
      "application/json; charset=latin1",
      "application/json; charset=utf-8; charset=utf-8",
      "application/json; foo=bar",
    ]) {
      expect(() => signInMediaType(bad), String(bad)).toThrow(ApiError);
    }
  });

  it("refuses repeated fields in either encoding, naming the field", async () => {
    expect(
      (await refusal(post("email=a%40x.com&email=b%40x.com&password=p", "application/x-www-form-urlencoded"))).param,
    ).toBe("email");
    expect(
      (await refusal(post('{"email":"a@x.com","password":"p","email":"b@x.com"}', "application/json"))).param,
    ).toBe("email");
    expect((await refusal(post('{"email":"a@x.com","em\\u0061il":"b@x.com"}', "application/json"))).param).toBe(
      "email",
    );
  });

  it("refuses values that are not single strings, and bodies that are not objects", async () => {
    expect((await refusal(post('{"email":["a@x.com"],"password":"p"}', "application/json"))).param).toBe("email");
    expect((await refusal(post('{"email":"a@x.com","password":{"x":"y"}}', "application/json"))).param).toBe(
      "password",
    );
    expect((await refusal(post('{"email":"a@x.com","json":true}', "application/json"))).param).toBe("json");
    await refusal(post('["a@x.com"]', "application/json"));
    await refusal(post("null", "application/json"));
    await refusal(post("{", "application/json"));
    await refusal(post(new Uint8Array([0x65, 0x3d, 0xff]), "application/x-www-form-urlencoded"));
    await refusal(post("x".repeat(20_000), "application/x-www-form-urlencoded"));
  });

  it("keeps a field named __proto__ as a field", async () => {
    const fields = await readSignInBody(post("__proto__=x&email=a%40x.com", "application/x-www-form-urlencoded"));
    expect(Object.keys(fields)).toEqual(["__proto__", "email"]);
  });
});
