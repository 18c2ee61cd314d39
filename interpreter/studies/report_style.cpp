// The what-if report's CSS (see report_page.h): a reading page on screens,
// rows as cards on a phone (no sideways scrolling at 390 px), and one sheet
// per printed A4 page (headers repeated, no chart or row split).
#include "interpreter/studies/report_page.h"

namespace doudi {

const char* const kReportStyle = R"(
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "PingFang SC", "Microsoft YaHei", "Helvetica Neue", Arial, sans-serif; color: #222; margin: 24px auto; max-width: 1100px; padding: 0 16px; line-height: 1.45; }
h1 { font-size: 24px; margin-bottom: 4px; }
h2 { font-size: 18px; margin-top: 28px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.lead { font-size: 16px; margin: 4px 0 10px; }
.meta { color: #555; margin: 2px 0; overflow-wrap: anywhere; }
.meta b { color: #222; }
table { border-collapse: collapse; margin: 8px 0 12px; font-size: 14px; }
th, td { padding: 4px 8px; border-bottom: 1px solid #e4e4e4; text-align: left; white-space: nowrap; }
th { vertical-align: bottom; white-space: normal; background: #f4f6f9; font-weight: 600; }
td:last-child { white-space: normal; overflow-wrap: anywhere; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 600; border-top: 2px solid #bbb; }
.up { color: #2e7d4f; }
.down { color: #b03a2e; }
.note, .caption { color: #666; font-size: 13px; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 12px; background: #f8f8f8; padding: 6px; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 12px 0; }
.card { border: 1px solid #dde3ea; border-radius: 6px; padding: 10px 14px; min-width: 150px; background: #fbfcfd; }
.card .k { color: #666; font-size: 13px; }
.card .v { font-size: 20px; font-weight: 600; }
svg { display: block; margin: 8px 0; width: 100%; max-width: 600px; height: auto; }
svg text { font-family: inherit; fill: #333; }
svg .tick { font-size: 13px; fill: #555; }
svg .unit { font-size: 13px; fill: #555; }
svg .value { font-size: 13px; fill: #333; }
svg .label { font-size: 15px; }
svg .legend { font-size: 14px; }
svg .grid { stroke: #e6e6e6; stroke-width: 1; }
svg .axis { stroke: #888; stroke-width: 1; }
@media (max-width: 640px) {
  body { margin: 12px auto; padding: 0 10px; }
  h1 { font-size: 20px; }
  table.t, table.t tbody, table.t tr, table.t td { display: block; }
  table.t thead { display: none; }
  table.t tr { border: 1px solid #dde3ea; border-radius: 4px; margin: 6px 0; padding: 4px 8px; }
  table.t td { display: flex; justify-content: space-between; gap: 8px; border: 0; padding: 1px 0;
               white-space: normal; overflow-wrap: anywhere; text-align: right; }
  table.t td::before { content: attr(data-label); color: #666; text-align: left; }
  table.t td:first-child { display: block; text-align: left; font-weight: 600; }
  table.t td:first-child::before { content: none; }
  table.t td:empty { display: none; }
}
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { margin: 0; padding: 0; max-width: none; font-size: 9pt; line-height: 1.3; }
  section.sheet { break-before: page; }
  section.sheet:first-of-type { break-before: auto; }
  h1 { font-size: 15pt; margin: 0 0 4px; }
  h2 { font-size: 11pt; margin: 10px 0 4px; break-after: avoid; }
  .lead { font-size: 10pt; }
  .meta { margin: 0; }
  .note, .caption { font-size: 8pt; }
  table { font-size: 8pt; margin: 4px 0 8px; }
  th, td { padding: 1px 5px; }
  thead { display: table-header-group; }
  tr, svg, .cards, .card, pre { break-inside: avoid; }
  .cards { margin: 6px 0; gap: 8px; }
  .card { padding: 4px 8px; }
  .card .v { font-size: 13pt; }
  pre { font-size: 7pt; padding: 3px; margin: 3px 0; }
  svg { max-width: 400px; margin: 4px 0; }
}
)";

}  // namespace doudi
