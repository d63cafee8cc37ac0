/// `/docs/app.css`: the `/docs` page's look (system fonts only, nothing fetched from elsewhere).
enum DocsStyle {
    static let source = #"""
:root {
  --ink: #1f2328; --muted: #59636e; --line: #d8dee4; --soft: #f6f8fa; --accent: #0b57d0;
  --get: #0b6bcb; --post: #1a7f37; --put: #8250df; --patch: #9a6700; --delete: #cf222e;
  --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html { scroll-padding-top: 4.5rem; }
body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans KR", sans-serif; color: var(--ink); background: #fff; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code { font-family: var(--mono); font-size: 0.88em; }
p code, td code, li code, .chip code { background: var(--soft); border: 1px solid var(--line); border-radius: 4px; padding: 0 0.25em; }

.top { position: sticky; top: 0; z-index: 2; display: flex; align-items: center; gap: 1rem; height: 3.5rem; padding: 0 1.25rem; background: #0d1117; color: #f0f6fc; }
.top .brand { font-weight: 650; font-size: 1.05rem; }
.top #version { color: #9198a1; font-size: 0.85rem; }
.top input { margin-left: auto; width: min(24rem, 40vw); padding: 0.4rem 0.7rem; border-radius: 6px; border: 1px solid #3d444d; background: #151b23; color: #f0f6fc; font: inherit; }
.top a { color: #9ecbff; font-size: 0.9rem; }

.layout { display: grid; grid-template-columns: 19rem minmax(0, 1fr); }
nav { position: sticky; top: 3.5rem; height: calc(100vh - 3.5rem); overflow-y: auto; padding: 1rem 0.75rem 2rem; border-right: 1px solid var(--line); background: var(--soft); font-size: 0.85rem; }
nav ul { list-style: none; margin: 0.2rem 0 0.9rem; padding: 0; }
nav li a { display: flex; gap: 0.4rem; align-items: baseline; padding: 0.12rem 0.4rem; border-radius: 4px; color: var(--ink); font-family: var(--mono); font-size: 0.76rem; }
nav li a:hover { background: #eaeef2; text-decoration: none; }
.nav-tag { display: flex; justify-content: space-between; padding: 0.25rem 0.4rem; font-weight: 650; color: var(--ink); }
.count { color: var(--muted); font-weight: 400; }

main { padding: 1.5rem 2.5rem 4rem; max-width: 70rem; }
.intro h1 { margin: 0 0 0.4rem; font-size: 1.8rem; }
.muted, .tag-description { color: var(--muted); }
section.tag { margin-top: 2.5rem; }
section.tag > h2 { margin: 0 0 0.2rem; padding-bottom: 0.3rem; border-bottom: 2px solid var(--ink); font-size: 1.35rem; }

.op { margin: 1.1rem 0; padding: 1rem 1.25rem; border: 1px solid var(--line); border-radius: 8px; background: #fff; }
.op h3 { display: flex; align-items: center; gap: 0.6rem; margin: 0; font-size: 1rem; }
.path { font-size: 0.98rem; font-weight: 600; overflow-wrap: anywhere; }
.path .param { color: var(--accent); }
.summary { margin: 0.45rem 0 0.35rem; }
.method { display: inline-block; min-width: 4.2rem; padding: 0.12rem 0.45rem; border-radius: 4px; color: #fff; font: 700 0.75rem/1.4 var(--mono); text-align: center; letter-spacing: 0.02em; }
.method.small { min-width: 3.2rem; padding: 0 0.3rem; font-size: 0.65rem; }
.m-get { background: var(--get); } .m-post { background: var(--post); } .m-put { background: var(--put); }
.m-patch { background: var(--patch); } .m-delete { background: var(--delete); } .m-head, .m-options { background: var(--muted); }

.badges { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; margin: 0.3rem 0 0.2rem; }
.badge { padding: 0.05rem 0.5rem; border-radius: 999px; font-size: 0.75rem; font-weight: 600; border: 1px solid; }
.badge.auth { color: #7d4e00; background: #fff8c5; border-color: #d4a72c; }
.badge.public { color: #116329; background: #dafbe1; border-color: #4ac26b; }
.badge.idem { color: #5a32a3; background: #fbefff; border-color: #c297ff; }
.opid { margin-left: auto; color: var(--muted); font: 0.72rem var(--mono); }

.block { margin-top: 0.9rem; }
.block h4 { display: flex; gap: 0.5rem; align-items: center; margin: 0 0 0.35rem; font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
.content-type { margin: 0.2rem 0; font-size: 0.85rem; }
.schema-type { margin: 0.2rem 0 0.4rem; display: flex; flex-wrap: wrap; gap: 0.35rem; align-items: baseline; font-size: 0.88rem; }
.type { font-family: var(--mono); font-size: 0.8rem; color: #6639ba; }
a.ref { font-weight: 600; }

table.fields { width: 100%; border-collapse: collapse; font-size: 0.85rem; }
table.fields th { text-align: left; font-weight: 600; color: var(--muted); border-bottom: 1px solid var(--line); padding: 0.3rem 0.5rem; font-size: 0.75rem; }
table.fields td { border-bottom: 1px solid #eef1f4; padding: 0.35rem 0.5rem; vertical-align: top; }
table.fields td:not(.notes) { width: 1%; white-space: nowrap; }
td.field.depth-1 { padding-left: 1.5rem; } td.field.depth-2 { padding-left: 2.5rem; } td.field.depth-3 { padding-left: 3.5rem; }
td.field code { background: none; border: 0; padding: 0; font-weight: 600; }
td.notes { color: #31373d; }
td.notes > * + * { margin-left: 0.3rem; }
.required { color: #bc4c00; font-size: 0.72rem; font-weight: 700; text-transform: uppercase; letter-spacing: 0.03em; }
.optional { color: var(--muted); font-size: 0.72rem; }
.chip { display: inline-block; margin: 0.1rem 0.25rem 0.1rem 0; padding: 0 0.4rem; border-radius: 4px; background: #eef3fb; color: #1f3b63; font-size: 0.75rem; }
.chip.muted { background: var(--soft); color: var(--muted); }
.in { font: 0.72rem var(--mono); color: var(--muted); }

ul.responses { list-style: none; margin: 0; padding: 0; }
ul.responses > li { display: flex; gap: 0.75rem; padding: 0.4rem 0; border-top: 1px solid #eef1f4; }
ul.responses > li:first-child { border-top: 0; }
.reply { flex: 1; min-width: 0; }
.reply p { margin: 0.05rem 0; }
.status { flex: none; width: 3rem; height: 1.5rem; border-radius: 4px; font: 700 0.8rem/1.5rem var(--mono); text-align: center; color: #fff; }
.s2 { background: var(--post); } .s3 { background: var(--get); } .s4 { background: #bc4c00; } .s5 { background: var(--delete); } .s1 { background: var(--muted); }
details { margin: 0.2rem 0 0.3rem; }
summary { cursor: pointer; color: var(--accent); font-size: 0.82rem; }
.example { margin: 0.5rem 0 0; }
.example figcaption { font-size: 0.75rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.06em; }
.example pre { margin: 0.2rem 0 0; padding: 0.6rem 0.8rem; overflow-x: auto; border-radius: 6px; background: #0d1117; color: #e6edf3; font-size: 0.8rem; line-height: 1.45; }
.error { color: var(--delete); font-weight: 600; }
.loading { color: var(--muted); }
.hidden { display: none !important; }

@media (max-width: 60rem) {
  .layout { grid-template-columns: 1fr; }
  nav { position: static; height: auto; border-right: 0; border-bottom: 1px solid var(--line); }
  main { padding: 1rem; }
}
"""#
}
