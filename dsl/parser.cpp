// Parser: runs the PEGTL grammar (grammar.h) into a parse tree, then walks the
// tree into the syntax tree of syntax.h. Table bodies are kept as rows of
// cells; what a row means (pairs, a grid, or one cell per line) depends on the
// number of keys, which the checker decides.
#include "dsl/parser.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <tao/pegtl/contrib/limit_depth.hpp>
#include <tao/pegtl/contrib/parse_tree.hpp>

#include "base/regular_file.h"
#include "dsl/grammar.h"

namespace doudi {
namespace {

namespace pegtl = tao::pegtl;
namespace g = doudi::grammar;
using Node = pegtl::parse_tree::node;

template <typename Rule>
using selector = pegtl::parse_tree::selector<
    Rule,
    pegtl::parse_tree::store_content::on<
        g::policy_decl, g::version_decl, g::effective_decl, g::description_decl, g::source_decl, g::enum_decl,
        g::region_decl, g::household_block, g::member_block, g::table_decl, g::rule_decl,
        g::output_decl, g::dotted_name, g::version_text, g::date_literal, g::string_literal,
        g::string_body, g::label, g::decl_name, g::identifier, g::enum_value, g::district_name,
        g::input_decl, g::input_default, g::input_at_least, g::input_at_most, g::bound_value, g::type_ref, g::type_name, g::type_scale, g::digits,
        g::per_unit, g::table_header, g::table_key, g::table_source, g::table_row, g::na_cell,
        g::number_cell, g::name_cell, g::rule_type, g::output_type, g::output_scale, g::output_value,
        g::number_literal, g::number, g::money_unit, g::bool_literal, g::name_path,
        g::path_segment, g::index_args, g::call, g::function_name, g::where_clause, g::negation,
        g::mul_op, g::add_op, g::cmp_op, g::not_op, g::and_op, g::or_op, g::membership,
        g::region_name, g::if_expr, g::amends_decl, g::ends_decl, g::bound_decl, g::bound_name, g::require_local, g::set_decl, g::set_key,
        g::series_decl, g::data_file, g::require_decl, g::require_from, g::require_until,
        g::index_decl, g::factor_decl, g::factor_weight, g::factor_cap, g::factor_number,
        g::index_limit, g::index_round, g::rounding_mode_name, g::bands_decl, g::band_row,
        g::band_bound, g::band_op, g::bands_score, g::classified_decl, g::counting_rule,
        g::group_decl, g::group_condition, g::group_amount, g::per_target, g::output_per,
        g::member_list_decl, g::benefit_decl, g::benefit_name>,
    pegtl::parse_tree::fold_one::on<g::product, g::sum, g::comparison, g::inversion,
                                    g::conjunction, g::disjunction, g::name_or_index>>;

// Grammar rules may nest this deep (an expression nested in parentheses takes
// about 15 per level): deeper input is refused with an error instead of
// exhausting the stack.
constexpr size_t kMaxRuleDepth = 3000;
template <typename Rule>
struct depth_limit : pegtl::limit_depth<kMaxRuleDepth> {};

class TreeWalker {
 public:
  explicit TreeWalker(std::shared_ptr<const SourceFile> file) : file_(std::move(file)) {}

  syntax::PolicyFile walk(const Node& root) {
    syntax::PolicyFile out;
    out.file = file_;
    for (const auto& child : root.children) declaration(*child, out);
    return out;
  }

 private:
  // What a `source` line cites: the table, rule, series or require just
  // above it; after anything else (or before any declaration), the policy.
  enum class Last { none, table, rule, series, require, index, bands, classified };

  Position position(const Node& n) const {
    auto p = n.begin();
    Position pos;
    pos.file = file_;
    pos.line = static_cast<int>(p.line);
    pos.column = column_of(pos.line, static_cast<int>(p.column));
    // Underlined to the end of the node's first line, counted up to
    // kMostUnderlined characters: a 32,000-term sum is asked its position
    // once per term, and reading the whole line each time was quadratic.
    constexpr size_t kMostUnderlined = 400;
    std::string_view content = n.has_content() ? n.string_view() : std::string_view();
    content = content.substr(0, 4 * kMostUnderlined);  // at most 4 bytes a character
    size_t nl = content.find('\n');
    if (nl != std::string_view::npos) content = content.substr(0, nl);
    size_t chars = 0;
    for (unsigned char c : content) chars += (c & 0xC0) != 0x80;
    chars = std::min(chars, kMostUnderlined);
    pos.length = std::max(1, static_cast<int>(chars));
    return pos;
  }

  syntax::Name name(const Node& n) const { return {std::string(n.string_view()), position(n)}; }

  // The character column of 1-based byte column `byte` on `line`. A line's
  // character boundaries are noted every 256 bytes when it is first asked
  // about, so a column is a short walk from the nearest note: a line of
  // 40,000 district names or a 32,000-term sum is walked once, not once per
  // name or term.
  int column_of(int line, int byte) const {
    if (line != noted_line_) {
      noted_line_ = line;
      noted_text_ = file_->line_text(line);
      notes_.assign(1, {0, 1});
      int column = 1;
      for (size_t i = 0; i < noted_text_.size(); ++column) {
        i += utf8_lead_length(static_cast<unsigned char>(noted_text_[i]));
        if (i / 256 != notes_.back().first / 256) notes_.push_back({i, column + 1});
      }
    }
    size_t target = static_cast<size_t>(std::max(byte, 1) - 1);
    auto after = std::upper_bound(notes_.begin(), notes_.end(), target,
                                  [](size_t t, const std::pair<size_t, int>& n) { return t < n.first; });
    auto [i, column] = *std::prev(after);
    while (i < target && i < noted_text_.size()) {
      i += utf8_lead_length(static_cast<unsigned char>(noted_text_[i]));
      ++column;
    }
    return column;
  }


  template <typename Rule>
  static const Node* child(const Node& n) {
    for (const auto& c : n.children)
      if (c->is_type<Rule>()) return c.get();
    return nullptr;
  }

  static std::string unescape(const Node& string_literal) {
    const Node* body = child<g::string_body>(string_literal);
    std::string out;
    if (!body) return out;
    std::string_view s = body->string_view();
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\\' && i + 1 < s.size()) {
        ++i;
        out.push_back(s[i] == 'n' ? '\n' : s[i]);
      } else {
        out.push_back(s[i]);
      }
    }
    return out;
  }

  static std::string label_of(const Node& n) {
    const Node* l = child<g::label>(n);
    return l ? unescape(*l) : std::string();
  }

  syntax::TypeRef type_ref(const Node& n) const {
    syntax::TypeRef t;
    t.name = name(*child<g::type_name>(n));
    t.name.position.length = t.name.position.length;
    if (const Node* s = child<g::type_scale>(n)) {
      t.scale = std::stoi(std::string(child<g::digits>(*s)->string_view()));
    }
    for (const auto& c : n.children) {
      if (!c->is_type<g::per_unit>()) continue;
      if (!t.per.empty()) t.per += ' ';
      t.per += "per " + std::string(child<g::identifier>(*c)->string_view());
    }
    return t;
  }

  void add_source(syntax::PolicyFile& out, std::string text) {
    switch (last_) {
      case Last::none: out.sources.push_back(std::move(text)); break;
      case Last::table: out.tables.back().sources.push_back(std::move(text)); break;
      case Last::rule: out.rules.back().sources.push_back(std::move(text)); break;
      case Last::series: out.series.back().sources.push_back(std::move(text)); break;
      case Last::require: out.invariants.back().sources.push_back(std::move(text)); break;
      case Last::index: out.indices.back().sources.push_back(std::move(text)); break;
      case Last::bands: out.bands.back().sources.push_back(std::move(text)); break;
      case Last::classified: out.classified.back().sources.push_back(std::move(text)); break;
      default: out.sources.push_back(std::move(text)); break;
    }
  }

  // A header line given twice is an error, not a silent replacement.
  void header_line(std::optional<syntax::Name>& slot, syntax::Name value, const char* what) {
    if (slot) {
      errors_.push_back({value.position, fmt::format("a second '{}' line: the first is at {}", what,
                                                     slot->position.to_string()), "Policy header"});
      return;
    }
    slot = std::move(value);
  }

 public:
  std::vector<Diagnostic> errors_;

 private:
  // One declaration of the file into `out` (each construct's own function below).
  void declaration(const Node& n, syntax::PolicyFile& out) {
    if (n.is_type<g::policy_decl>()) {
      header_line(out.policy_name, name(*child<g::dotted_name>(n)), "policy");
    } else if (n.is_type<g::version_decl>()) {
      header_line(out.version, name(*child<g::version_text>(n)), "version");
    } else if (n.is_type<g::effective_decl>()) {
      header_line(out.effective, name(*child<g::date_literal>(n)), "effective");
    } else if (n.is_type<g::amends_decl>()) {
      header_line(out.amends, name(*child<g::version_text>(n)), "amends");
    } else if (n.is_type<g::ends_decl>()) {
      header_line(out.ends, name(*child<g::date_literal>(n)), "ends");
    } else if (n.is_type<g::bound_decl>()) {
      header_line(out.bound_by, name(*child<g::bound_name>(n)), "bound by");
    } else if (n.is_type<g::description_decl>()) {
      const Node& text = *child<g::string_literal>(n);
      header_line(out.description, {unescape(text), position(text)}, "description");
    } else if (n.is_type<g::set_decl>()) {
      out.sets.push_back(set_decl(n));
      last_ = Last::none;
    } else if (n.is_type<g::series_decl>()) {
      out.series.push_back(series_decl(n));
      last_ = Last::series;
    } else if (n.is_type<g::require_decl>()) {
      out.invariants.push_back(require_decl(n));
      last_ = Last::require;
    } else if (n.is_type<g::index_decl>()) {
      out.indices.push_back(index_decl(n));
      last_ = Last::index;
    } else if (n.is_type<g::bands_decl>()) {
      out.bands.push_back(bands_decl(n));
      last_ = Last::bands;
    } else if (n.is_type<g::member_list_decl>()) {
      out.member_lists.push_back(member_list_decl(n));
      last_ = Last::none;
    } else if (n.is_type<g::classified_decl>()) {
      out.classified.push_back(classified_decl(n));
      last_ = Last::classified;
    } else if (n.is_type<g::source_decl>()) {
      add_source(out, unescape(*child<g::string_literal>(n)));
    } else if (n.is_type<g::enum_decl>()) {
      out.enums.push_back(enum_decl(n));
      last_ = Last::none;
    } else if (n.is_type<g::region_decl>()) {
      out.regions.push_back(region_decl(n));
      last_ = Last::none;
    } else if (n.is_type<g::household_block>() || n.is_type<g::member_block>()) {
      auto scope = n.is_type<g::household_block>() ? syntax::InputScope::household
                                                   : syntax::InputScope::member;
      for (const auto& d : n.children)
        if (d->is_type<g::input_decl>()) out.inputs.push_back(input_decl(*d, scope));
      last_ = Last::none;
    } else if (n.is_type<g::table_decl>()) {
      out.tables.push_back(table(n));
      last_ = Last::table;
    } else if (n.is_type<g::rule_decl>()) {
      out.rules.push_back(rule_decl(n));
      last_ = Last::rule;
    } else if (n.is_type<g::output_decl>()) {
      out.outputs.push_back(output_decl(n));
      last_ = Last::none;
    } else if (n.is_type<g::benefit_decl>()) {
      if (out.benefit) errors_.push_back({position(n), "a second 'benefit' line: list every output the what-if counts on one line", "What-if runs"});
      out.benefit = benefit_decl(n);
      last_ = Last::none;
    }
  }

  syntax::InputDecl input_decl(const Node& d, syntax::InputScope scope) {
    syntax::InputDecl in;
    in.scope = scope;
    in.name = name(*child<g::decl_name>(d));
    in.type = type_ref(*child<g::type_ref>(d));
    in.label = label_of(d);
    if (const Node* def = child<g::input_default>(d)) in.default_value = expr(*def->children.at(0));
    for (const auto& b : d.children) {
      if (!b->is_type<g::input_at_least>() && !b->is_type<g::input_at_most>()) continue;
      const Node& v = *child<g::bound_value>(*b);
      syntax::InputBound bound{b->is_type<g::input_at_least>(), v.string(), position(v)};
      in.bounds.push_back(std::move(bound));
    }
    return in;
  }

  syntax::CellSet set_decl(const Node& n) {
    syntax::CellSet s;
    s.table = name(*child<g::decl_name>(n));
    for (const auto& k : n.children)
      if (k->is_type<g::set_key>()) s.keys.push_back(name(*k));
    const Node& v = *n.children.back();
    s.value = {v.is_type<g::na_cell>() ? syntax::Cell::Kind::not_applicable : syntax::Cell::Kind::number,
               std::string(v.string_view()), position(v)};
    return s;
  }

  syntax::SeriesDecl series_decl(const Node& n) {
    syntax::SeriesDecl s;
    s.name = name(*child<g::decl_name>(n));
    s.label = label_of(n);
    s.type = type_ref(*child<g::type_ref>(n));
    for (const auto& k : n.children)
      if (k->is_type<g::table_key>()) s.keys.push_back(name(*k));
    const Node& file = *child<g::data_file>(n);
    s.data_file = {unescape(file), position(file)};
    return s;
  }

  syntax::RequireDecl require_decl(const Node& n) {
    syntax::RequireDecl r;
    r.position = position(n);
    r.label = label_of(n);
    for (const auto& c : n.children) {
      if (c->is_type<g::require_local>()) {
        r.local = true;
      } else if (c->is_type<g::require_from>()) {
        r.from = name(*child<g::date_literal>(*c));
      } else if (c->is_type<g::require_until>()) {
        r.until = name(*child<g::date_literal>(*c));
      } else if (!c->is_type<g::label>()) {
        r.condition = expr(*c);
      }
    }
    return r;
  }

  syntax::BandsDecl bands_decl(const Node& n) {
    syntax::BandsDecl b;
    b.name = name(*child<g::decl_name>(n));
    b.label = label_of(n);
    b.enumeration = name(*child<g::type_name>(n));
    b.score = expr(*child<g::bands_score>(n)->children.at(0));
    for (const auto& row : n.children) {
      if (!row->is_type<g::band_row>()) continue;
      syntax::BandDecl band;
      band.value = name(*child<g::identifier>(*row));
      for (const auto& bound : row->children) {
        if (!bound->is_type<g::band_bound>()) continue;
        std::string op(child<g::band_op>(*bound)->string_view());
        op = op == "≥" ? ">=" : op == "≤" ? "<=" : op;
        band.bounds.push_back({op, number_cell(*child<g::factor_number>(*bound))});
      }
      b.bands.push_back(std::move(band));
    }
    return b;
  }

  syntax::MemberListDecl member_list_decl(const Node& n) {
    syntax::MemberListDecl l;
    l.name = name(*child<g::decl_name>(n));
    l.label = label_of(n);
    l.condition = expr(*child<g::where_clause>(n)->children.at(0));
    return l;
  }

  syntax::ClassifiedDecl classified_decl(const Node& n) {
    syntax::ClassifiedDecl c;
    c.name = name(*child<g::decl_name>(n));
    c.label = label_of(n);
    c.counting = name(*child<g::counting_rule>(n));
    for (const auto& grp : n.children) {
      if (!grp->is_type<g::group_decl>()) continue;
      syntax::GroupDecl gd;
      gd.name = name(*child<g::decl_name>(*grp));
      gd.label = label_of(*grp);
      gd.condition = expr(*child<g::group_condition>(*grp)->children.at(0));
      gd.amount = expr(*child<g::group_amount>(*grp)->children.at(0));
      c.groups.push_back(std::move(gd));
    }
    return c;
  }

  syntax::EnumDecl enum_decl(const Node& n) {
    syntax::EnumDecl e;
    e.name = name(*child<g::decl_name>(n));
    e.label = label_of(n);
    for (const auto& v : n.children) {
      if (!v->is_type<g::enum_value>()) continue;
      e.values.push_back({name(*child<g::identifier>(*v)), label_of(*v)});
    }
    return e;
  }

  syntax::RegionDecl region_decl(const Node& n) {
    syntax::RegionDecl r;
    r.name = name(*child<g::decl_name>(n));
    r.label = label_of(n);
    for (const auto& d : n.children)
      if (d->is_type<g::district_name>()) r.districts.push_back(name(*d));
    return r;
  }

  syntax::RuleDecl rule_decl(const Node& n) {
    syntax::RuleDecl r;
    r.name = name(*child<g::decl_name>(n));
    r.label = label_of(n);
    if (const Node* t = child<g::rule_type>(n)) r.type = type_ref(*child<g::type_ref>(*t));
    r.body = expr(*n.children.back());
    return r;
  }

  syntax::OutputDecl output_decl(const Node& n) {
    syntax::OutputDecl o;
    if (const Node* per = child<g::output_per>(n)) o.per = name(*child<g::per_target>(*per));
    o.name = name(*child<g::decl_name>(n));
    o.label = label_of(n);
    if (const Node* t = child<g::output_type>(n)) o.type = type_ref(*child<g::type_ref>(*t));
    if (const Node* s = child<g::output_scale>(n)) {
      o.scale = std::stoi(std::string(child<g::digits>(*s)->string_view()));
    }
    if (const Node* v = child<g::output_value>(n)) o.value = expr(*v->children.at(0));
    return o;
  }

  syntax::BenefitDecl benefit_decl(const Node& n) {
    syntax::BenefitDecl b;
    b.position = position(n);
    for (const auto& c : n.children)
      if (c->is_type<g::benefit_name>()) b.outputs.push_back(name(*c));
    return b;
  }

  syntax::Cell number_cell(const Node& n) const {
    return {syntax::Cell::Kind::number, std::string(n.string_view()), position(n)};
  }

  syntax::IndexDecl index_decl(const Node& n) {
    syntax::IndexDecl x;
    x.name = name(*child<g::decl_name>(n));
    x.label = label_of(n);
    for (const auto& c : n.children) {
      if (c->is_type<g::factor_decl>()) {
        syntax::FactorDecl f;
        f.name = name(*child<g::decl_name>(*c));
        f.label = label_of(*c);
        for (const auto& part : c->children) {
          if (part->is_type<g::factor_weight>()) {
            f.weight = number_cell(*child<g::factor_number>(*part));
          } else if (part->is_type<g::factor_cap>()) {
            f.cap = number_cell(*child<g::factor_number>(*part));
          } else if (!part->is_type<g::decl_name>() && !part->is_type<g::label>()) {
            f.value = expr(*part);
          }
        }
        x.factors.push_back(std::move(f));
      } else if (c->is_type<g::index_limit>()) {
        if (x.limit) errors_.push_back({position(*c), "a second 'limit' line in this index", "Hardship index"});
        x.limit = number_cell(*child<g::factor_number>(*c));
      } else if (c->is_type<g::index_round>()) {
        if (x.round_unit) errors_.push_back({position(*c), "a second 'round' line in this index", "Hardship index"});
        x.round_unit = number_cell(*child<g::factor_number>(*c));
        x.round_mode = name(*child<g::rounding_mode_name>(*c));
      }
    }
    return x;
  }

  syntax::TableDecl table(const Node& n) const {
    syntax::TableDecl t;
    const Node& header = *child<g::table_header>(n);
    t.name = name(*child<g::decl_name>(header));
    t.label = label_of(header);
    t.type = type_ref(*child<g::type_ref>(header));
    for (const auto& k : header.children)
      if (k->is_type<g::table_key>()) t.keys.push_back(name(*k));
    for (const auto& c : n.children) {
      if (c->is_type<g::table_source>()) {
        t.sources.push_back(unescape(*child<g::string_literal>(*c)));
      } else if (c->is_type<g::table_row>()) {
        std::vector<syntax::Cell> row;
        for (const auto& cell : c->children) {
          syntax::Cell::Kind kind = cell->is_type<g::na_cell>()       ? syntax::Cell::Kind::not_applicable
                                    : cell->is_type<g::number_cell>() ? syntax::Cell::Kind::number
                                                                      : syntax::Cell::Kind::name;
          row.push_back({kind, std::string(cell->string_view()), position(*cell)});
        }
        t.rows.push_back(std::move(row));
      }
    }
    return t;
  }

  std::unique_ptr<syntax::Expr> make(syntax::ExprKind kind, const Node& n) const {
    auto e = std::make_unique<syntax::Expr>();
    e->kind = kind;
    e->position = position(n);
    return e;
  }

  // Left-associative chain: operand (op operand)*.
  syntax::ExprPtr chain(const Node& n) const {
    syntax::ExprPtr left = expr(*n.children.at(0));
    for (size_t i = 1; i + 1 < n.children.size(); i += 2) {
      const Node& op = *n.children[i];
      auto e = make(syntax::ExprKind::binary, op);
      e->text = canonical_operator(op.string_view());
      e->position = left->position;
      e->position.length = position(n).length;
      e->args.push_back(std::move(left));
      e->args.push_back(expr(*n.children[i + 1]));
      left = std::move(e);
    }
    return left;
  }

  static std::string canonical_operator(std::string_view op) {
    if (op == "×") return "*";
    if (op == "÷") return "/";
    if (op == "≤") return "<=";
    if (op == "≥") return ">=";
    if (op == "≠") return "!=";
    return std::string(op);
  }

  syntax::ExprPtr expr(const Node& n) const {
    using K = syntax::ExprKind;
    if (n.is_type<g::number_literal>()) {
      auto e = make(K::number, n);
      e->text = std::string(child<g::number>(n)->string_view());
      if (child<g::money_unit>(n)) e->unit = "yuan";
      return e;
    }
    if (n.is_type<g::bool_literal>()) {
      auto e = make(K::boolean, n);
      e->text = std::string(n.string_view());
      return e;
    }
    if (n.is_type<g::date_literal>()) {
      auto e = make(K::date, n);
      e->text = std::string(n.string_view());
      return e;
    }
    if (n.is_type<g::name_path>()) {
      auto e = make(K::name, n);
      for (const auto& s : n.children) e->path.emplace_back(s->string_view());
      return e;
    }
    if (n.is_type<g::name_or_index>()) {  // a table lookup with explicit keys
      auto e = make(K::index, n);
      for (const auto& s : n.children.at(0)->children) e->path.emplace_back(s->string_view());
      for (const auto& a : n.children.at(1)->children) e->args.push_back(expr(*a));
      return e;
    }
    if (n.is_type<g::call>()) {
      auto e = make(K::call, n);
      for (const auto& c : n.children) {
        if (c->is_type<g::function_name>()) {
          e->text = std::string(c->string_view());
        } else if (c->is_type<g::where_clause>()) {
          e->where = expr(*c->children.at(0));
        } else {
          e->args.push_back(expr(*c));
        }
      }
      return e;
    }
    if (n.is_type<g::negation>()) {
      auto e = make(K::unary, n);
      e->text = "-";
      e->args.push_back(expr(*n.children.at(0)));
      return e;
    }
    if (n.is_type<g::inversion>()) {
      auto e = make(K::unary, n);
      e->text = "not";
      e->args.push_back(expr(*n.children.at(1)));
      return e;
    }
    if (n.is_type<g::comparison>()) {
      if (n.children.at(1)->is_type<g::membership>()) {
        auto e = make(K::in, n);
        e->text = std::string(child<g::region_name>(*n.children[1])->string_view());
        e->args.push_back(expr(*n.children[0]));
        return e;
      }
      return chain(n);
    }
    if (n.is_type<g::product>() || n.is_type<g::sum>() || n.is_type<g::conjunction>() ||
        n.is_type<g::disjunction>()) {
      return chain(n);
    }
    if (n.is_type<g::if_expr>()) {
      auto e = make(K::if_then, n);
      for (const auto& c : n.children) e->args.push_back(expr(*c));
      return e;
    }
    throw std::logic_error("parser: unexpected node " + std::string(n.type));
  }

  std::shared_ptr<const SourceFile> file_;
  // column_of's notes on one line: (byte offset, character column) pairs.
  mutable int noted_line_ = 0;
  mutable std::string_view noted_text_;
  mutable std::vector<std::pair<size_t, int>> notes_;
  Last last_ = Last::none;
};

}  // namespace

std::shared_ptr<const SourceFile> read_source_file(const std::string& path) {
  auto file = std::make_shared<SourceFile>();
  file->path = path;
  Position where;
  where.file = file;
  if (auto why = read_regular_file(path, kMaxPolicyFileBytes, "the policy file is larger than the limit of 4 MiB",
                                   file->text))
    throw PolicyError{{{where, *why, ""}}};
  return file;
}

syntax::PolicyFile parse_policy(std::shared_ptr<const SourceFile> file) {
  Position start;
  start.file = file;
  if (file->text.size() > kMaxPolicyFileBytes) {
    throw PolicyError{{{start, "the policy file is larger than the limit of 4 MiB", ""}}};
  }
  size_t bad = find_invalid_utf8(file->text);
  if (bad != std::string::npos) {
    Position p = start;
    p.line = 1 + static_cast<int>(std::count(file->text.begin(), file->text.begin() + bad, '\n'));
    size_t line_start = file->text.rfind('\n', bad == 0 ? 0 : bad - 1);
    line_start = (line_start == std::string::npos || bad == 0) ? 0 : line_start + 1;
    p.column = character_column(file->line_text(p.line), static_cast<int>(bad - line_start) + 1);
    throw PolicyError{{{p, "the file is not valid UTF-8 here: save it as UTF-8", ""}}};
  }
  std::string_view body(file->text);
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);  // a BOM from Windows editors
  bool blank = body.find_first_not_of(" \t\r\n") == std::string_view::npos;
  if (blank) throw PolicyError{{{start, "the policy file is empty", "Policy header"}}};
  // The BOM stays in the text so byte offsets match positions; skip it in the grammar.
  pegtl::memory_input in(file->text.data() + (file->text.size() - body.size()),
                         file->text.data() + file->text.size(), file->path);
  try {
    auto root = pegtl::parse_tree::parse<g::file, selector, depth_limit, g::control>(in);
    if (!root) throw PolicyError{{{start, "the policy file could not be parsed", ""}}};
    TreeWalker walker(file);
    auto result = walker.walk(*root);
    if (!walker.errors_.empty()) throw PolicyError{walker.errors_};
    return result;
  } catch (const pegtl::parse_error& e) {
    Position p = start;
    const auto& pos = e.positions().front();
    p.line = static_cast<int>(pos.line);
    p.column = character_column(file->line_text(p.line), static_cast<int>(pos.column));
    std::string message(e.message());
    if (message.find("nesting depth") != std::string::npos) {
      message = "the expression is nested too deeply here (at most about 200 levels of parentheses, if/else or signs)";
    }
    throw PolicyError{{{p, message, ""}}};
  }
}

}  // namespace doudi
