import { describe, expect, it } from "vitest";
import { splitUrlCredentials, stripUrlCredentials } from "./urlCredentials.js";

describe("URL credentials", () => {
  it("splits them off a URL, decoded", () => {
    expect(splitUrlCredentials("https://me:k%40y@host.example/v1")).toEqual({
      url: "https://host.example/v1",
      username: "me",
      password: "k@y",
    });
    expect(splitUrlCredentials("https://:sk-KEY@host/v1")).toMatchObject({
      username: "",
      password: "sk-KEY",
    });
    expect(splitUrlCredentials("http://localhost:8000/v1")).toBeUndefined();
    expect(splitUrlCredentials("not a url")).toBeUndefined();
  });

  it("removes them from every URL in a text, and leaves other @ signs alone", () => {
    expect(
      stripUrlCredentials(
        'request to http://u:KEY@a.example/v1 failed; see "https://x@b.example" or ann@c.example',
      ),
    ).toBe('request to http://a.example/v1 failed; see "https://b.example" or ann@c.example');
    expect(stripUrlCredentials("http://host/path?to=a@b")).toBe("http://host/path?to=a@b");
  });
});
