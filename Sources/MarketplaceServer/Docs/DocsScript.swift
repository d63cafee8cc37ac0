import HTTPServer
/// `/docs/app.js`: renders `/openapi.json` into the `/docs` page — a navigation by tag, and per
/// operation its method, path, summary, auth, parameters, request body fields (types,
/// required, constraints), responses by status and examples. Plain DOM calls and no library;
/// the document's text only ever becomes text nodes, never markup.
enum DocsScript {
    static let source = #"""
"use strict";
// The /docs page: renders this server's /openapi.json as a reference, grouped by tag.
// No libraries, and no HTML parsing of the document's text: every node is made with createElement and text nodes.
(() => {
  const el = (tag, attributes = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child !== undefined && child !== null && child !== false) {
        node.append(child instanceof Node ? child : document.createTextNode(String(child)));
      }
    }
    return node;
  };
  // `code` spans in descriptions become <code>.
  const prose = (text) => String(text ?? "").split("`").map((part, index) => (index % 2 ? el("code", {}, part) : part));
  const number = (value) => (typeof value === "number" ? value.toLocaleString("en-US") : String(value));
  const title = (tag) => tag.charAt(0).toUpperCase() + tag.slice(1).replace(/-/g, " ");

  let components = {};
  const refName = (schema) => (schema && typeof schema.$ref === "string" ? schema.$ref.split("/").pop() : null);
  const resolve = (schema) => (refName(schema) ? components[refName(schema)] ?? {} : schema ?? {});
  // {anyOf: [X, {type: "null"}]} → [X, true]
  const unwrap = (schema) => {
    if (schema && Array.isArray(schema.anyOf)) {
      const rest = schema.anyOf.filter((option) => option.type !== "null");
      if (rest.length === 1 && rest.length < schema.anyOf.length) return [rest[0], true];
    }
    return [schema ?? {}, false];
  };

  function typeLabel(schema) {
    const [inner, nullable] = unwrap(schema);
    const name = refName(inner);
    const parts = [];
    if (name) parts.push(el("a", { href: `#schema-${name}`, class: "ref" }, name));
    else if (inner.type === "array") parts.push("array of ", typeLabel(inner.items));
    else if (Array.isArray(inner.anyOf)) inner.anyOf.forEach((option, index) => parts.push(index ? " | " : "", typeLabel(option)));
    else if (inner.type) parts.push(inner.type + (inner.format && inner.format !== "int64" ? ` (${inner.format})` : ""));
    else parts.push("any");
    if (nullable) parts.push(" | null");
    return el("span", { class: "type" }, parts);
  }

  function range(low, high, unit = "") {
    if (low !== undefined && high !== undefined) return low === high ? `exactly ${number(low)}${unit}` : `${number(low)} – ${number(high)}${unit}`;
    return low !== undefined ? `≥ ${number(low)}${unit}` : `≤ ${number(high)}${unit}`;
  }

  // Constraints as chips: enum values, ranges, lengths, item counts, patterns.
  function constraints(schema, prefix = "") {
    const [inner] = unwrap(schema);
    if (refName(inner)) return [];
    const chips = [];
    const chip = (label, ...values) => chips.push(el("span", { class: "chip" }, prefix + label, values.map((v) => [" ", el("code", {}, v)])));
    if (Array.isArray(inner.enum)) chip("one of", ...inner.enum);
    if (inner.minimum !== undefined || inner.maximum !== undefined) chip(range(inner.minimum, inner.maximum));
    if (inner.minLength !== undefined || inner.maxLength !== undefined) chip("length " + range(inner.minLength, inner.maxLength));
    if (inner.minItems !== undefined || inner.maxItems !== undefined) chip(range(inner.minItems, inner.maxItems, " items"));
    if (inner.pattern) chip("pattern", inner.pattern);
    if (inner.type === "array" && inner.items) chips.push(...constraints(inner.items, "each: "));
    return chips;
  }

  // Rows of an object's fields; objects and arrays of objects inside are expanded, refs down to `depth` 2.
  function fieldRows(schema, prefix, depth, seen, rows) {
    const [inner] = unwrap(schema);
    const name = refName(inner);
    if (name && (seen.has(name) || depth > 2)) return rows;
    const object = resolve(inner);
    const required = new Set(object.required ?? []);
    const nextSeen = name ? new Set([...seen, name]) : seen;
    for (const [field, child] of Object.entries(object.properties ?? {})) {
      const [childInner] = unwrap(child);
      rows.push(el("tr", {},
        el("td", { class: `field depth-${Math.min(depth, 3)}` }, el("code", {}, prefix + field)),
        el("td", {}, typeLabel(child)),
        el("td", {}, required.has(field) ? el("span", { class: "required" }, "required") : el("span", { class: "optional" }, "optional")),
        el("td", { class: "notes" }, childInner.description ? el("span", {}, prose(childInner.description)) : null, constraints(child))));
      const items = unwrap(childInner.type === "array" ? childInner.items : null)[0];
      if (resolve(childInner).type === "object" && resolve(childInner).properties) fieldRows(childInner, `${prefix}${field}.`, depth + 1, nextSeen, rows);
      else if (childInner.type === "array" && resolve(items).properties) fieldRows(items, `${prefix}${field}[].`, depth + 1, nextSeen, rows);
    }
    return rows;
  }

  // `named`: under a heading that names the schema already, so its type line says only the rest.
  function schemaView(schema, named = false) {
    const [inner] = unwrap(schema);
    const object = resolve(inner);
    const target = object.type === "array" ? resolve(unwrap(object.items)[0]) : object;
    const rows = target.properties ? fieldRows(object.type === "array" ? unwrap(object.items)[0] : inner, object.type === "array" ? "[]." : "", 0, new Set(), []) : [];
    const head = el("p", { class: "schema-type" }, named ? null : typeLabel(schema), constraints(schema),
      target.type === "object" && target.additionalProperties === false && rows.length ? el("span", { class: "chip muted" }, "no other fields") : null,
      object.description ? [" ", prose(object.description)] : null);
    if (!rows.length) return head;
    return el("div", { class: "schema" }, head,
      el("table", { class: "fields" }, el("thead", {}, el("tr", {}, ["Field", "Type", "", "Description"].map((h) => el("th", {}, h)))),
        el("tbody", {}, rows)));
  }

  const exampleView = (value) => el("figure", { class: "example" }, el("figcaption", {}, "Example"),
    el("pre", {}, el("code", {}, JSON.stringify(value, null, 2))));

  function parametersView(parameters) {
    if (!parameters?.length) return null;
    return el("div", { class: "block" }, el("h4", {}, "Parameters"),
      el("table", { class: "fields" }, el("thead", {}, el("tr", {}, ["Name", "In", "Type", "", "Description"].map((h) => el("th", {}, h)))),
        el("tbody", {}, parameters.map((p) => el("tr", {},
          el("td", { class: "field" }, el("code", {}, p.name)), el("td", {}, el("span", { class: `in in-${p.in}` }, p.in)),
          el("td", {}, typeLabel(p.schema)),
          el("td", {}, p.required ? el("span", { class: "required" }, "required") : el("span", { class: "optional" }, "optional")),
          el("td", { class: "notes" }, p.description ? el("span", {}, prose(p.description)) : null, constraints(p.schema),
            p.example !== undefined ? el("span", { class: "chip" }, "e.g. ", el("code", {}, String(p.example))) : null))))));
  }

  function bodyView(body) {
    if (!body) return null;
    return el("div", { class: "block" }, el("h4", {}, "Request body", body.required ? el("span", { class: "required" }, "required") : null),
      Object.entries(body.content ?? {}).map(([type, media]) => el("div", { class: "media" },
        el("p", { class: "content-type" }, el("code", {}, type)), schemaView(media.schema),
        media.example !== undefined ? exampleView(media.example) : null,
        Object.entries(media.examples ?? {}).map(([, example]) => exampleView(example.value)))));
  }

  function responsesView(responses) {
    return el("div", { class: "block" }, el("h4", {}, "Responses"),
      el("ul", { class: "responses" }, Object.entries(responses ?? {}).map(([status, reply]) => {
        const media = Object.entries(reply.content ?? {});
        return el("li", {},
          el("span", { class: `status s${status.charAt(0)}` }, status),
          el("div", { class: "reply" }, el("p", {}, prose(reply.description)),
            media.map(([type, content]) => {
              const problem = refName(content.schema) === "Problem";
              const detail = content.schema && !problem && (resolve(unwrap(content.schema)[0]).properties || resolve(unwrap(content.schema)[0]).items);
              return el("div", { class: "media" },
                el("p", { class: "content-type" }, el("code", {}, type), content.schema ? [" ", typeLabel(content.schema)] : null),
                detail ? el("details", {}, el("summary", {}, "Fields"), schemaView(content.schema)) : null,
                content.example !== undefined ? exampleView(content.example) : null);
            })));
      })));
  }

  const realm = (path) => (/^\/api\/v1\/(seller|customer|admin)(\/|$)/.exec(path) ?? [])[1];

  function operationView(path, method, op) {
    const idempotent = (op.parameters ?? []).some((p) => p.in === "header" && p.name.toLowerCase() === "idempotency-key");
    const role = realm(path);
    return el("article", { class: "op", id: `op-${op.operationId}`, "data-method": method, "data-path": path,
      "data-search": [method, path, op.summary, op.operationId].join(" ").toLowerCase() },
      el("h3", {}, el("span", { class: `method m-${method}` }, method.toUpperCase()),
        el("code", { class: "path" }, path.split(/(\{[^}]+\})/).map((part, i) => (i % 2 ? el("span", { class: "param" }, part) : part)))),
      el("p", { class: "summary" }, prose(op.summary)),
      op.description ? el("p", {}, prose(op.description)) : null,
      el("p", { class: "badges" },
        op.security?.length ? el("span", { class: "badge auth" }, role ? `Bearer token · ${role.toUpperCase()}` : "Bearer token")
          : el("span", { class: "badge public" }, "Public"),
        idempotent ? el("span", { class: "badge idem" }, "Idempotency-Key") : null,
        el("span", { class: "opid" }, op.operationId)),
      parametersView(op.parameters), bodyView(op.requestBody), responsesView(op.responses));
  }

  function render(doc) {
    components = doc.components?.schemas ?? {};
    const methods = ["get", "put", "post", "patch", "delete", "head", "options"];
    const groups = new Map((doc.tags ?? []).map((tag) => [tag.name, { tag, ops: [] }]));
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const method of methods.filter((m) => item[m])) {
        const name = item[method].tags?.[0] ?? "other";
        if (!groups.has(name)) groups.set(name, { tag: { name }, ops: [] });
        groups.get(name).ops.push([path, method, item[method]]);
      }
    }
    const used = [...groups.values()].filter((group) => group.ops.length);
    const count = used.reduce((sum, group) => sum + group.ops.length, 0);

    document.title = `${doc.info?.title ?? "API"} ${doc.info?.version ?? ""} — reference`;
    document.getElementById("version").textContent = `${doc.info?.version ?? ""} · OpenAPI ${doc.openapi ?? ""}`;
    const nav = document.getElementById("nav");
    const main = document.getElementById("content");
    nav.replaceChildren(...used.map((group) => el("div", { class: "nav-group", "data-tag": group.tag.name },
      el("a", { class: "nav-tag", href: `#tag-${group.tag.name}` }, title(group.tag.name), el("span", { class: "count" }, group.ops.length)),
      el("ul", {}, group.ops.map(([path, method, op]) => el("li", { "data-op": op.operationId },
        el("a", { href: `#op-${op.operationId}` }, el("span", { class: `method small m-${method}` }, method.toUpperCase()),
          el("span", {}, path.split("/").map((part, i) => (i ? ["/", el("wbr"), part] : part))))))))),
      el("a", { class: "nav-tag", href: "#schemas" }, "Schemas", el("span", { class: "count" }, Object.keys(components).length)));
    main.replaceChildren(
      el("section", { class: "intro" }, el("h1", {}, doc.info?.title ?? "API"), el("p", {}, prose(doc.info?.description)),
        el("p", { class: "muted" }, `${count} operations in ${used.length} groups. Authenticated operations take `,
          el("code", {}, "Authorization: Bearer <token>"), " from ", el("code", {}, "POST /api/v1/auth/login"), "; errors are ",
          el("code", {}, "application/problem+json"), " with a stable ", el("code", {}, "code"), ". Source: ",
          el("a", { href: "/openapi.json" }, "/openapi.json"), ".")),
      ...used.map((group) => el("section", { class: "tag", id: `tag-${group.tag.name}`, "data-tag": group.tag.name },
        el("h2", {}, title(group.tag.name)), group.tag.description ? el("p", { class: "tag-description" }, prose(group.tag.description)) : null,
        group.ops.map(([path, method, op]) => operationView(path, method, op)))),
      el("section", { class: "tag", id: "schemas" }, el("h2", {}, "Schemas"),
        Object.keys(components).sort().map((name) => el("article", { class: "op schema-card", id: `schema-${name}` },
          el("h3", {}, el("code", { class: "path" }, name)), schemaView({ $ref: `#/components/schemas/${name}` }, true)))));

    const filter = document.getElementById("filter");
    filter.addEventListener("input", () => {
      const query = filter.value.trim().toLowerCase();
      for (const op of main.querySelectorAll("article.op[data-search]")) {
        const hidden = query !== "" && !op.dataset.search.includes(query);
        op.classList.toggle("hidden", hidden);
        nav.querySelector(`li[data-op="${op.id.slice(3)}"]`)?.classList.toggle("hidden", hidden);
      }
      for (const section of main.querySelectorAll("section.tag[data-tag]")) {
        const empty = !section.querySelector("article.op:not(.hidden)");
        section.classList.toggle("hidden", empty);
        nav.querySelector(`.nav-group[data-tag="${section.dataset.tag}"]`)?.classList.toggle("hidden", empty);
      }
    });
    document.body.dataset.ready = String(count);
    if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  }

  fetch("/openapi.json", { headers: { Accept: "application/json" } })
    .then((response) => {
      if (!response.ok) throw new Error(`/openapi.json answered ${response.status}`);
      return response.json();
    })
    .then(render)
    .catch((error) => {
      document.getElementById("content").replaceChildren(el("p", { class: "error" }, `Could not render the API document: ${error.message}`));
      document.body.dataset.ready = "error";
    });
})();
"""#
}
