import Testing
@testable import HTTPServer

/// Templated head fields (`FieldTemplate`): written by the writer from two numbers, read back
/// through `HTTPHeaders` like any field.
@Suite struct FieldTemplateTests {
    static let template = FieldTemplate([("RateLimit-Policy", #""default";q=600;w=60"#),
                                         ("RateLimit", #""default";r=\#(FieldTemplate.first);t=\#(FieldTemplate.second)"#)])

    @Test("the writer puts the fields with their numbers into the head, after the listed fields")
    func written() {
        var response = Response.text("hi")
        response.headers.setTemplate(Self.template, 1_000_000_000, 0)
        response.headers.add("X-Request-Id", "r1")
        var out: [UInt8] = []
        ResponseWriter.write(response, isHead: false, keepAlive: true, version: .http1_1, date: Array("Date: x\r\n".utf8), into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "HTTP/1.1 200 OK\r\nDate: x\r\nContent-Length: 2\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nX-Request-Id: r1\r\n"
            + "RateLimit-Policy: \"default\";q=600;w=60\r\nRateLimit: \"default\";r=1000000000;t=0\r\n\r\nhi")
    }

    @Test("lookups, iteration and count see the fields; setting again replaces; removing one name drops the template")
    func readBack() {
        var headers = HTTPHeaders([("Content-Type", "application/json")])
        headers.setTemplate(Self.template, 17, 4)
        headers.setTemplate(Self.template, 16, 3)
        #expect(headers["ratelimit"] == #""default";r=16;t=3"#)
        #expect(headers.values("RateLimit-Policy") == [#""default";q=600;w=60"#])
        #expect(headers.count == 3)
        #expect(headers.map(\.name) == ["Content-Type", "RateLimit-Policy", "RateLimit"])
        headers.set("RateLimit", "x")
        #expect(headers["RateLimit-Policy"] == nil && headers.values("RateLimit") == ["x"])
        #expect(HTTPHeaders()["RateLimit"] == nil)
    }
}
