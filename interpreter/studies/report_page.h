// What the what-if report's two halves share (report_html.cpp: the head,
// summary and region sheets; report_sections.cpp: the other sheets and the
// page). Private to interpreter/studies.
#pragma once

#include <string>
#include <vector>

#include "interpreter/studies/whatif.h"

namespace doudi {

extern const char* const kReportStyle;  // report_style.cpp: the page's CSS (screen, phone, print)

// A column of a table: its heading and how its cells read.
struct Col {
  std::string head;
  bool number = true;
  bool change = false;  // coloured by sign
};

// A table: thead of the headings (repeated on each printed page), a row per
// entry (a row whose first cell starts with "total" is the total line), each
// cell labelled (data-label) so a phone shows the row as a card.
std::string table_html(const std::vector<Col>& cols, const std::vector<std::vector<std::string>>& rows);

std::string signed_count(long n);
// --title, else "What-if 测算: POLICY".
std::string page_title(const WhatIfSummary& s);
// The cost's heading in the chosen unit: "monthly cost 月支出 (元)".
std::string cost_head(const WhatIfSummary& s);
// The longer span: "annual 年 (×12)" or "2021-07 to 2021-12 (6 months)", and its months.
std::string span_head(const WhatIfSummary& s);
Exact span(const WhatIfSummary& s);
// An amount in the chart's unit (yuan or wan).
Exact chart_amount(const WhatIfSummary& s, const Exact& v);

// Coverage and cost tables of groups (region groups, districts, hukou,
// grades) with the total: coverage (households, covered, newly covered,
// people) and cost (before; after, the households covered before and the
// newly covered apart; the change a month and over the longer span).
std::string group_tables(const WhatIfSummary& s, const std::vector<GroupTotals>& groups, const std::string& heading,
                         bool grades);

// The head, headline, scenario, summary (one sheet) and region sheet.
std::string report_first_sheets(const WhatIfSummary& s);

}  // namespace doudi
