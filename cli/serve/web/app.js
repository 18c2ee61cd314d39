// The doudi workbench: a calculator, the explanation, a what-if and the
// policy, all from `doudi serve`'s own endpoints (no library, no network
// beyond the server). Values are sent as the text typed, and amounts shown
// exactly as the server gives them (strings), never as JavaScript numbers.
"use strict";

const $ = (sel) => document.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c.nodeType ? c : String(c));
  return e;
};
const bilingual = (label, name) => label && label !== name
  ? [label, " ", el("span", { class: "en" }, name)] : [el("span", {}, name)];

const state = { policies: [], meta: null, members: [], timer: null, lastExplain: null, generation: 0 };
window.doudiWorkbench = state;  // for the browser test: state.generation counts finished evaluations

async function call(method, path, body) {
  const response = await fetch(path, {
    method, headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  let json = null;
  try { json = await response.json(); } catch (e) { json = { error: { code: "bad_answer", message: String(e) } }; }
  return { status: response.status, json };
}

function showRequestError(error) {
  const p = $("#request-error");
  p.hidden = !error;
  p.textContent = error ? `${error.code}: ${error.message}` : "";
}

// ---- the form, from GET /v1/policies/{name} ------------------------------------

function inputControl(input, id, value, onchange) {
  const attrs = { id, name: input.name, "data-input": input.name, oninput: onchange, onchange };
  if (input.type === "enumeration" || input.type === "district") {
    const select = el("select", attrs);
    if (!input.required) select.append(el("option", { value: "" }, `(默认 default: ${input.default})`));
    else select.append(el("option", { value: "" }, "—"));
    if (input.type === "district") {
      for (const r of input.regions) {
        select.append(el("optgroup", { label: r.label && r.label !== r.name ? `${r.name} ${r.label}` : r.name },
          r.districts.map((d) => el("option", { value: d }, d))));
      }
    } else {
      for (const v of input.values) select.append(el("option", { value: v.name }, v.label ? `${v.label} (${v.name})` : v.name));
    }
    select.value = value ?? "";
    return select;
  }
  if (input.type === "boolean") {
    const box = el("input", Object.assign(attrs, { type: "checkbox" }));
    box.checked = value === "true" || (value === undefined && input.default === "true");
    return box;
  }
  const placeholder = input.required ? "" : `默认 ${input.default}`;
  const text = el("input", Object.assign(attrs, {
    type: input.type === "date" ? "date" : "text", inputmode: input.type === "date" ? undefined : "decimal",
    placeholder, title: limits(input),
  }));
  text.value = value ?? "";
  return text;
}

function limits(input) {
  const parts = [];
  if (input.at_least !== null) parts.push(`≥ ${input.at_least}`);
  if (input.at_most !== null) parts.push(`≤ ${input.at_most}`);
  if (input.unit) parts.push(input.unit);
  return parts.join(", ");
}

function controlValue(control) {
  if (control.type === "checkbox") return control.checked ? "true" : "false";
  return control.value.trim();
}

function buildForm() {
  const v = state.meta.version;
  const fields = $("#household-fields");
  fields.replaceChildren();
  for (const input of v.inputs.filter((i) => !i.per_member)) {
    const id = `in-${input.name}`;
    const hint = limits(input);
    fields.append(el("div", { class: "field", "data-field": input.name },
      el("label", { for: id }, bilingual(input.label, input.name), input.required ? el("b", { class: "req" }, " *") : null),
      inputControl(input, id, undefined, scheduleEvaluate),
      hint ? el("small", { class: "muted" }, hint) : null,
      el("small", { class: "error field-error", hidden: true })));
  }
  const memberInputs = v.inputs.filter((i) => i.per_member);
  $("#members-block").hidden = memberInputs.length === 0;
  state.members = [];
  if (memberInputs.length) {
    $("#members thead").replaceChildren(el("tr", {}, el("th", {}, "#"),
      memberInputs.map((i) => el("th", { "data-field": i.name }, bilingual(i.label, i.name))), el("th")));
  }
  renderMembers();
}

function renderMembers() {
  const memberInputs = state.meta.version.inputs.filter((i) => i.per_member);
  const body = $("#members tbody");
  body.replaceChildren();
  state.members.forEach((m, k) => {
    body.append(el("tr", {}, el("td", {}, k + 1), memberInputs.map((input) => el("td", {},
      inputControl(input, `m${k}-${input.name}`, m[input.name], (ev) => {
        m[input.name] = controlValue(ev.target);
        scheduleEvaluate();
      }))),
    el("td", {}, el("button", { type: "button", class: "remove", onclick: () => {
      state.members.splice(k, 1);
      renderMembers();
      scheduleEvaluate();
    } }, "删除 remove"))));
  });
}

function household() {
  const h = { id: "form" };
  for (const control of document.querySelectorAll("#household-fields [data-input]")) {
    const value = controlValue(control);
    if (value !== "") h[control.dataset.input] = value;
  }
  if (state.meta.version.inputs.some((i) => i.per_member)) {
    h.people = state.members.map((m) => Object.fromEntries(Object.entries(m).filter(([, v]) => v !== "" && v !== undefined)));
  }
  return h;
}

function body(extra = {}) {
  return Object.assign({ policy: $("#policy").value, date: $("#date").value, households: [household()] }, extra);
}

// ---- results -----------------------------------------------------------------

function scheduleEvaluate() {
  clearTimeout(state.timer);
  state.pending = true;
  state.timer = setTimeout(evaluate, 200);
}

function showFieldErrors(errors) {
  for (const small of document.querySelectorAll(".field-error")) { small.hidden = true; small.textContent = ""; }
  for (const f of document.querySelectorAll(".field.invalid, th.invalid, #members .invalid")) f.classList.remove("invalid");
  const memberProblems = [];
  for (const e of errors) {
    const cell = e.member ? document.querySelector(`#m${e.member - 1}-${e.field}`) : null;
    if (cell) {  // a member's input: marked in its row
      cell.classList.add("invalid");
      cell.title = e.reason;
      memberProblems.push(`成员 member ${e.member}, ${e.field}: ${e.reason}`);
      continue;
    }
    const field = document.querySelector(`#household-fields .field[data-field="${e.field}"]`);
    if (field) {
      field.classList.add("invalid");
      const small = field.querySelector(".field-error");
      small.hidden = false;
      small.textContent = (small.textContent ? small.textContent + "; " : "") + e.reason;
    } else {
      const th = document.querySelector(`#members th[data-field="${e.field}"]`);
      if (th) th.classList.add("invalid");
      memberProblems.push(e.field ? `${e.field}: ${e.reason}` : e.reason);
    }
  }
  const p = $("#members-error");
  p.hidden = memberProblems.length === 0;
  p.textContent = memberProblems.join("; ");
  if (memberProblems.length && $("#members-block").hidden) showRequestError({ code: "household", message: memberProblems.join("; ") });
}

async function evaluate() {
  state.pending = false;
  state.inflight = (state.inflight || 0) + 1;
  const { status, json } = await call("POST", "/v1/evaluate", body());
  const rows = $("#results tbody");
  if (json.error) {
    showRequestError(json.error);
    rows.replaceChildren();
  } else {
    showRequestError(null);
    const result = json.results[0];
    showFieldErrors(result.errors || []);
    rows.replaceChildren(...json.outputs.map((o) => el("tr", { "data-output": o.name },
      el("th", {}, bilingual(o.label, o.name)),
      el("td", { class: "amount" }, result.outputs ? result.outputs[o.name] : "—"))));
    renderMemberResults(json, result);
    $("#fingerprint").textContent = `${json.version} · ${json.fingerprint}`;
    if (status === 200) await explain();
  }
  state.inflight--;
  state.generation++;
}

function renderMemberResults(json, result) {
  const table = $("#member-results");
  const outs = json.member_outputs || [];
  table.hidden = outs.length === 0 || !result.members;
  if (table.hidden) return;
  table.querySelector("thead").replaceChildren(el("tr", {}, el("th", {}, "#"), outs.map((o) => el("th", {}, bilingual(o.label, o.name)))));
  table.querySelector("tbody").replaceChildren(...result.members.map((m) => el("tr", {}, el("td", {}, m.member),
    outs.map((o) => el("td", { class: "amount" }, m.outputs[o.name] ?? "")))));
}

// ---- explanation ---------------------------------------------------------------

async function explain() {
  const { json } = await call("POST", "/v1/explain", body());
  const tree = $("#tree");
  if (json.error) { tree.replaceChildren(el("p", { class: "error" }, json.error.message)); return; }
  const ex = json.explanations[0];
  state.lastExplain = ex;
  if (ex.errors) { tree.replaceChildren(el("p", { class: "error" }, ex.errors.map((e) => e.reason).join("; "))); return; }
  tree.replaceChildren(...ex.outputs.map((o) => el("details", { class: "output", open: true },
    el("summary", {}, bilingual(o.label, o.name), " = ", el("b", {}, o.value)), rule(o.derivation))));
  for (const mo of ex.member_outputs || []) {
    tree.append(el("details", { class: "output" }, el("summary", {}, bilingual(mo.label, mo.name)),
      el("code", {}, mo.expression), el("ul", {}, mo.members.map((m) => el("li", {}, `成员 member ${m.member}: ${m.value}`)))));
  }
}

function rule(r) {
  const parts = [el("div", { class: "expr" }, el("code", {}, r.expression), " ", el("small", { class: "muted" }, r.at))];
  if (r.inputs.length) parts.push(el("ul", { class: "inputs" }, r.inputs.map((i) =>
    el("li", {}, bilingual(i.label, i.name), `: ${i.value}`, i.default ? " (默认 default)" : ""))));
  for (const l of r.lookups) {
    parts.push(el("div", { class: "lookup" }, "表 table ", el("b", {}, l.label || l.table), ` ${l.cell} = ${l.value}`,
      l.district ? ` (${l.district} ∈ ${l.region})` : "", el("small", { class: "muted" }, ` ${l.at}`),
      l.sources.map((s) => el("blockquote", { class: "source" }, s))));
  }
  for (const s of r.series) parts.push(el("div", { class: "lookup" }, `${s.series} ${s.year} = ${s.value}`,
    s.sources.map((q) => el("blockquote", { class: "source" }, q))));
  for (const rd of r.roundings) parts.push(el("div", { class: "rounding" }, `舍入 rounding ${rd.before} → ${rd.after} (${rd.unit}, ${rd.mode})`));
  for (const b of r.branches) parts.push(el("div", { class: "branch muted" }, `${b.taken} @ ${b.at}`));
  for (const s of r.sources) parts.push(el("blockquote", { class: "source" }, s));
  for (const u of r.uses) {
    if (u.as_above) parts.push(el("div", { class: "muted" }, bilingual(u.label, u.rule), " = ", el("b", {}, u.value), " (见上 as above)"));
    else parts.push(el("details", {}, el("summary", {}, bilingual(u.label, u.rule), " = ", el("b", {}, u.value)), rule(u)));
  }
  return el("div", { class: "rule" }, parts);
}

// ---- what-if ---------------------------------------------------------------------

function cellName(table, index) {
  const names = [];
  let rest = index;
  for (let k = table.keys.length - 1; k >= 0; k--) {
    const size = table.keys[k].values.length;
    names.unshift(table.keys[k].values[rest % size]);
    rest = Math.floor(rest / size);
  }
  return names;
}

function buildTables() {
  const box = $("#whatif-tables");
  box.replaceChildren();
  for (const t of state.meta.version.tables) {
    const grid = el("table", { class: "grid", "data-table": t.name });
    const lastKey = t.keys[t.keys.length - 1];
    const columns = lastKey ? lastKey.values : [""];
    grid.append(el("thead", {}, el("tr", {}, el("th"), columns.map((c) => el("th", {}, c)))));
    const tbody = el("tbody");
    for (let row = 0; row < t.cells.length / columns.length; row++) {
      const first = cellName(t, row * columns.length).slice(0, -1).join(", ");
      tbody.append(el("tr", {}, el("th", {}, first), columns.map((c, j) => {
        const index = row * columns.length + j;
        const value = t.cells[index] ?? "n/a";
        const keys = cellName(t, index);
        return el("td", {}, el("input", { value, "data-original": value, "data-cell": keys.length ? `${t.name}[${keys.join(", ")}]` : t.name,
          size: 7, oninput: (ev) => ev.target.classList.toggle("changed", ev.target.value !== ev.target.dataset.original) }));
      })));
    }
    grid.append(tbody);
    box.append(el("details", { open: t === state.meta.version.tables[0] }, el("summary", {}, bilingual(t.label, t.name), " ",
      el("small", { class: "muted" }, t.unit)), grid));
  }
}

async function runWhatif() {
  const error = $("#whatif-error");
  error.hidden = true;
  const file = $("#whatif-file").files[0];
  if (!file) { error.hidden = false; error.textContent = "选择家庭文件 choose a households CSV file"; return; }
  const request = { policy: $("#policy").value, date: $("#date").value, households_csv: await file.text(), detail: true, report: true };
  if ($("#whatif-mode").value === "reform") {
    request.reform = $("#whatif-reform").value;
  } else {
    request.set = {};
    for (const input of document.querySelectorAll("#whatif-tables input.changed")) request.set[input.dataset.cell] = input.value.trim();
  }
  const { json } = await call("POST", "/v1/whatif", request);
  if (json.error) {
    error.hidden = false;
    error.textContent = `${json.error.code}: ${json.error.message}`;
    for (const input of document.querySelectorAll("#whatif-tables input.changed"))
      input.classList.toggle("invalid", json.error.message.includes(input.dataset.cell.split("[")[0]));
    return;
  }
  const s = json.summary;
  const row = (label, a, b, c) => el("tr", {}, el("th", {}, label), el("td", { class: "amount" }, a), el("td", { class: "amount" }, b), el("td", { class: "amount" }, c));
  $("#whatif-summary").replaceChildren(
    el("p", {}, `${s.baseline} → ${s.alternative} (${s.alternative_how}); ${s.households} households, ${s.rejected} rejected`),
    el("table", { class: "summary" }, el("thead", {}, el("tr", {}, el("th"), el("th", {}, "before"), el("th", {}, "after"), el("th", {}, "change"))),
      el("tbody", {},
        row("覆盖户数 households covered", s.all.covered_before, s.all.covered_after, s.all.covered_after - s.all.covered_before),
        row("月支出 monthly cost", s.cost.monthly_before, s.cost.monthly_after, el("b", { id: "whatif-monthly-change" }, s.cost.monthly_change)),
        row("年支出 annual cost (×12)", s.cost.annual_before, s.cost.annual_after, s.cost.annual_change))),
    json.errors.length ? el("p", { class: "error" }, json.errors.join("\n")) : "");
  const frame = $("#whatif-report");
  frame.hidden = false;
  frame.srcdoc = json.report_html;
  const link = $("#whatif-detail");
  link.hidden = false;
  link.href = URL.createObjectURL(new Blob([json.detail_csv], { type: "text/csv" }));
}

// ---- the policy ------------------------------------------------------------------

function buildPolicy() {
  const m = state.meta;
  const doc = $("#policy-doc");
  doc.replaceChildren(el("h3", {}, m.name), el("p", { class: "muted" }, m.fingerprint),
    el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "版本 version"), el("th", {}, "生效 effective"), el("th", {}, "止 ends"), el("th", {}, "修订 amends"))),
      el("tbody", {}, m.versions.map((v) => el("tr", { class: v.version === m.version.version ? "current" : "" },
        el("td", {}, v.version), el("td", {}, v.effective), el("td", {}, v.ends ?? ""), el("td", {}, v.amends ?? ""))))));
  // The policy as `doudi doc` renders it: every version, its tables with their
  // sources, its rules, the province's rules and the history of every figure.
  const url = `/v1/policies/${encodeURIComponent(m.name)}/doc`;
  doc.append(el("p", {}, el("a", { id: "policy-doc-link", href: url, target: "_blank" }, "打开全文（可打印） open the full document (printable)")),
    el("iframe", { id: "policy-doc-frame", title: "doudi doc", src: url }));
}

// ---- start -----------------------------------------------------------------------

async function loadPolicy() {
  const name = $("#policy").value;
  const { json } = await call("GET", `/v1/policies/${encodeURIComponent(name)}?date=${$("#date").value}`);
  if (json.error) { showRequestError(json.error); return; }
  showRequestError(null);
  const keep = state.meta && state.meta.name === name && state.meta.version.version === json.version.version;
  const values = keep ? household() : null;
  state.meta = json;
  $("#version").textContent = `版本 version ${json.version.version} (生效 effective ${json.version.effective})`;
  buildForm();
  if (values) {
    for (const control of document.querySelectorAll("#household-fields [data-input]")) {
      const v = values[control.dataset.input];
      if (v === undefined) continue;
      if (control.type === "checkbox") control.checked = v === "true"; else control.value = v;
    }
  }
  buildTables();
  buildPolicy();
  scheduleEvaluate();
}

async function start() {
  for (const b of document.querySelectorAll("#tabs button")) {
    b.addEventListener("click", () => {
      for (const x of document.querySelectorAll("#tabs button, .tab")) x.classList.remove("active");
      b.classList.add("active");
      document.getElementById(b.dataset.tab).classList.add("active");
    });
  }
  $("#add-member").addEventListener("click", () => { state.members.push({}); renderMembers(); scheduleEvaluate(); });
  $("#expand-all").addEventListener("click", () => document.querySelectorAll("#tree details").forEach((d) => { d.open = true; }));
  $("#collapse-all").addEventListener("click", () => document.querySelectorAll("#tree details").forEach((d) => { d.open = false; }));
  $("#whatif-run").addEventListener("click", runWhatif);
  $("#whatif-mode").addEventListener("change", (ev) => {
    $("#whatif-reform").hidden = ev.target.value !== "reform";
    $("#whatif-tables").hidden = ev.target.value === "reform";
  });
  const params = new URLSearchParams(location.search);
  $("#date").value = params.get("date") || new Date().toISOString().slice(0, 10);
  const { json } = await call("GET", "/v1/policies");
  state.policies = json.policies;
  $("#policy").replaceChildren(...json.policies.map((p) => el("option", { value: p.name }, p.name)));
  if (params.get("policy")) $("#policy").value = params.get("policy");
  $("#policy").addEventListener("change", () => { state.meta = null; loadPolicy(); });
  $("#date").addEventListener("change", loadPolicy);
  await loadPolicy();
  document.body.dataset.ready = "true";
}

start();
