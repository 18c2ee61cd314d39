// The what-if report's charts (see report_charts.h): inline SVG whose
// geometry is worked out in Exact and printed to a tenth of a pixel.
#include "interpreter/studies/report_charts.h"

#include <fmt/format.h>

#include "base/text.h"

namespace doudi {

const char* const kBeforeColor = "#8da0bd";
const char* const kAfterColor = "#e07b39";
const char* const kGain = "#2e8b57";
const char* const kLoss = "#c0392b";

namespace {

Exact E(int64_t v) { return Exact::from_int(v); }

// A coordinate or length in pixels, to a tenth.
std::string px(const Exact& v) {
  return v.round(Exact::fraction(1, 10), RoundingMode::half_up).to_fixed(1).value_or("0.0");
}

// The axis: ticks of a nice step from 0 to a nice maximum >= `max`.
struct Axis {
  Exact top;
  Exact step;
};

Axis make_axis(const Exact& max, bool whole) {
  Exact step = nice_ceiling(max / E(5));
  if (whole && step < E(1)) step = E(1);
  Exact top = max.sign() > 0 ? (max / step).round(E(1), RoundingMode::ceiling) * step : step;
  return {top, step};
}

// Geometry shared by the charts.
// not an amount: the charts' pixel geometry, in the viewBox (the page scales it to its width)
constexpr int kWidth = 600, kHeight = 320;
constexpr int kLeft = 70, kRight = 20, kTop = 40, kBottom = 60;
constexpr int kPlotWidth = kWidth - kLeft - kRight, kPlotHeight = kHeight - kTop - kBottom;

Exact y_of(const Exact& v, const Axis& axis) {
  Exact clamped = v.sign() < 0 ? Exact() : v;
  return E(kTop + kPlotHeight) - clamped * E(kPlotHeight) / axis.top;
}

std::string svg_open(const std::string& title) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"100%\" "
      "preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-label=\"{}\">\n<title>{}</title>\n",
      kWidth, kHeight, xml_escape(title), xml_escape(title));
}

std::string y_axis(const Axis& axis, const std::string& unit) {
  std::string out;
  for (Exact t; t <= axis.top; t = t + axis.step) {
    Exact y = y_of(t, axis);
    out += fmt::format("<line class=\"grid\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n", kLeft, px(y),
                       kLeft + kPlotWidth, px(y));
    out += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n",
                       kLeft - 6, px(y + E(4)), xml_escape(grouped(t.to_string())));
  }
  out += fmt::format("<text class=\"unit\" x=\"{}\" y=\"{}\">{}</text>\n", kLeft - 6, kTop - 14,
                     xml_escape(unit));
  out += fmt::format("<line class=\"axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n", kLeft,
                     kTop + kPlotHeight, kLeft + kPlotWidth, kTop + kPlotHeight);
  return out;
}

std::string legend(const std::vector<ChartSeries>& series) {
  std::string out;
  int x = kLeft + kPlotWidth - 140 * static_cast<int>(series.size());
  for (const auto& s : series) {
    out += fmt::format("<rect x=\"{}\" y=\"10\" width=\"12\" height=\"12\" fill=\"{}\"/>\n", x, s.color);
    out += fmt::format("<text class=\"legend\" x=\"{}\" y=\"20\">{}</text>\n", x + 18, xml_escape(s.name));
    x += 140;
  }
  return out;
}

}  // namespace

// "4096687.33" -> "4,096,687.33" for reading; other text is left alone.
std::string grouped(const std::string& text) {
  size_t start = !text.empty() && (text[0] == '+' || text[0] == '-') ? 1 : 0;
  size_t end = start;
  while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
  if (end == start) return text;
  for (size_t i = end; i < text.size(); ++i)
    if (!(text[i] == '.' && i == end) && !(text[i] >= '0' && text[i] <= '9')) return text;
  std::string out = text.substr(0, start);
  for (size_t i = start; i < end; ++i) {
    out += text[i];
    size_t left = end - i - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  return out + text.substr(end);
}



// Grouped vertical bars: one group per label, one bar per series.
std::string bar_chart(const std::string& title, const std::string& unit,
                      const std::vector<ChartSeries>& series, const std::vector<BarGroup>& groups,
                      bool whole) {
  Exact max;
  for (const auto& g : groups)
    for (const auto& v : g.values)
      if (v > max) max = v;
  Axis axis = make_axis(max, whole);
  std::string out = svg_open(title);
  out += y_axis(axis, unit);
  out += legend(series);
  if (groups.empty()) return out + "</svg>\n";
  Exact group_width = E(kPlotWidth) / E(static_cast<int64_t>(groups.size()));
  Exact bar_width = group_width * Exact::fraction(7, 10) / E(static_cast<int64_t>(series.size()));
  for (size_t g = 0; g < groups.size(); ++g) {
    Exact left = E(kLeft) + group_width * E(static_cast<int64_t>(g)) + group_width * Exact::fraction(15, 100);
    for (size_t k = 0; k < series.size() && k < groups[g].values.size(); ++k) {
      const Exact& v = groups[g].values[k];
      Exact x = left + bar_width * E(static_cast<int64_t>(k));
      Exact y = y_of(v, axis);
      Exact h = E(kTop + kPlotHeight) - y;
      std::string text = k < groups[g].value_text.size() ? groups[g].value_text[k] : v.to_string();
      out += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}, {}: {}</title></rect>\n",
          px(x + E(1)), px(y), px(bar_width - E(2)), px(h), series[k].color, xml_escape(groups[g].label),
          xml_escape(series[k].name), xml_escape(text));
      out += fmt::format("<text class=\"value\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                         px(x + bar_width / E(2)), px(y - E(4)), xml_escape(grouped(text)));
    }
    out += fmt::format("<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                       px(E(kLeft) + group_width * E(static_cast<int64_t>(g)) + group_width / E(2)),
                       kTop + kPlotHeight + 20, xml_escape(groups[g].label));
  }
  return out + "</svg>\n";
}

std::string signed_text(const Exact& v) {
  std::string out = v.sign() > 0 ? "+" : "";
  return out += v.to_string();
}

std::string histogram_chart(const std::vector<HistogramBin>& bins, long unchanged) {
  std::string title = "Distribution of per-household changes (households whose benefit changed)";
  long max_count = 0;
  for (const auto& b : bins) max_count = std::max(max_count, b.households);
  Axis axis = make_axis(E(max_count), true);
  std::string out = svg_open(title);
  out += y_axis(axis, "households 户");
  out += legend({{"gain 增加", kGain}, {"loss 减少", kLoss}});
  if (bins.empty()) {
    out += fmt::format("<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">no household's "
                       "benefit changed ({} unchanged)</text>\n",
                       kLeft + kPlotWidth / 2, kTop + kPlotHeight / 2, unchanged);
    return out + "</svg>\n";
  }
  // Bars at most 60 px wide, centred when there are few.
  Exact bin_width = E(kPlotWidth) / E(static_cast<int64_t>(bins.size()));
  if (bin_width > E(60)) bin_width = E(60);
  Exact origin = E(kLeft) + (E(kPlotWidth) - bin_width * E(static_cast<int64_t>(bins.size()))) / E(2);
  size_t label_every = bins.size() <= 10 ? 1 : (bins.size() + 9) / 10;
  for (size_t i = 0; i < bins.size(); ++i) {
    const auto& b = bins[i];
    Exact x = origin + bin_width * E(static_cast<int64_t>(i));
    Exact y = y_of(E(b.households), axis);
    const char* color = b.low.sign() >= 0 ? kGain : kLoss;
    out += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{} to {}: {} "
        "household(s)</title></rect>\n",
        px(x + E(1)), px(y), px(bin_width - E(2)), px(E(kTop + kPlotHeight) - y), color,
        xml_escape(signed_text(b.low)), xml_escape(signed_text(b.high)), b.households);
    if (b.households > 0) {
      out += fmt::format("<text class=\"value\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                         px(x + bin_width / E(2)), px(y - E(4)), b.households);
    }
  }
  // Edge labels: the bins' bounds, every few when there are many.
  for (size_t i = 0; i <= bins.size(); ++i) {
    if (i % label_every != 0 && i != bins.size()) continue;
    Exact x = origin + bin_width * E(static_cast<int64_t>(i));
    const Exact& edge = i < bins.size() ? bins[i].low : bins.back().high;
    out += fmt::format("<line class=\"axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n", px(x),
                       kTop + kPlotHeight, px(x), kTop + kPlotHeight + 5);
    out += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", px(x),
                       kTop + kPlotHeight + 18, xml_escape(grouped(signed_text(edge))));
  }
  out += fmt::format("<text class=\"unit\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">change in monthly "
                     "benefit, yuan (元/月)</text>\n",
                     kLeft + kPlotWidth / 2, kHeight - 14);
  return out + "</svg>\n";
}

Exact nice_ceiling(const Exact& x) {
  if (x.sign() <= 0) return E(1);
  const Exact ten = E(10);
  Exact p = E(1);
  while (p < x) p = p * ten;
  while (p / ten >= x) p = p / ten;
  Exact base = p / ten;  // base < x <= p
  if (base * E(2) >= x) return base * E(2);
  if (base * E(5) >= x) return base * E(5);
  return p;
}

std::vector<HistogramBin> histogram_bins(const std::map<Exact, long>& changes) {
  std::vector<HistogramBin> bins;
  if (changes.empty()) return bins;
  const Exact& low = changes.begin()->first;
  const Exact& high = changes.rbegin()->first;
  Exact spread = high - low;
  Exact magnitude = low.sign() < 0 ? -low : low;
  if (high > magnitude) magnitude = high;
  Exact width = spread.is_zero() ? nice_ceiling(magnitude / E(10)) : nice_ceiling(spread / E(20));
  Exact start = low.round(width, RoundingMode::floor);
  int64_t count = ((high - start) / width).round(E(1), RoundingMode::floor).to_int64().value_or(0) + 1;
  for (int64_t i = 0; i < count; ++i) {
    Exact lo = start + width * E(i);
    bins.push_back({lo, lo + width, 0});
  }
  for (const auto& [value, households] : changes) {
    int64_t i = ((value - start) / width).round(E(1), RoundingMode::floor).to_int64().value_or(0);
    if (i >= count) i = count - 1;
    bins[static_cast<size_t>(i)].households += households;
  }
  return bins;
}

}  // namespace doudi
