/**
 * A body's charset, read from its headers.
 */
import { describe, expect, it } from "vitest";
import { UnsupportedMediaTypeError } from "../../src/errors";
import { readBodyEncoding } from "../../src/input/body-encoding";

/** What readBodyEncoding reads from these headers, or what it throws. */
function encodingOf(headers: Record<string, string>) {
  try {
    return readBodyEncoding(
      new Request("http://edge-logreg.test/", { headers }),
    );
  } catch (error) {
    if (!(error instanceof UnsupportedMediaTypeError)) throw error;
    return { message: error.message, headers: error.headers };
  }
}

describe("the headers", () => {
  it("read the charset: any case, quoted or not, by its label", () => {
    const cases: [string, string][] = [
      ["text/csv", "utf-8"],
      ["text/csv; charset=utf-8", "utf-8"],
      ["text/csv;charset=UTF-16LE", "utf-16le"],
      ['text/csv; Charset="windows-1252"', "windows-1252"],
      ["text/csv; charset = latin1", "windows-1252"],
      ['text/csv; header=present; charset="utf-16"', "utf-16le"],
      ['text/csv; note="a; charset=latin1"; charset=utf-8', "utf-8"],
      ["application/json; charset=ascii", "windows-1252"],
    ];
    for (const [type, charset] of cases) {
      expect(encodingOf({ "content-type": type }), type).toEqual({
        charset,
      });
    }
  });

  it("refuse a charset TextDecoder does not know, naming it", () => {
    for (const [type, label] of [
      ["text/csv; charset=klingon", '"klingon"'],
      ['text/csv; charset="utf-7"', '"utf-7"'],
      ["text/csv; charset=iso-2022-kr", '"iso-2022-kr"'],
      ["text/csv; charset=", '""'],
    ]) {
      expect(encodingOf({ "content-type": type })).toEqual({
        message: `charset ${label} is not one the service reads: send utf-8, or a charset of the Encoding Standard such as utf-16le or windows-1252`,
        headers: {},
      });
    }
  });
});
