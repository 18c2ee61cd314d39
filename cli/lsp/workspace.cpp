// Documents and directory loads for the language server.
#include "cli/lsp/workspace.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "dsl/open_buffers.h"

namespace doudi::lsp {
namespace fs = std::filesystem;

std::string uri_to_path(const std::string& uri) {
  std::string s = uri.rfind("file://", 0) == 0 ? uri.substr(7) : uri;
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return fs::path(out).lexically_normal().string();
}

std::string path_to_uri(const std::string& path) {
  std::string abs = fs::absolute(path).lexically_normal().string();
  std::string out = "file://";
  for (unsigned char c : abs) {
    if (std::isalnum(c) || c >= 0x80 || std::string_view("/-._~").find(static_cast<char>(c)) != std::string_view::npos) {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

int utf16_column(std::string_view line, int character_column) {
  int units = 0;
  size_t i = 0;
  for (int c = 1; c < character_column && i < line.size(); ++c) {
    unsigned char b = static_cast<unsigned char>(line[i]);
    size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
    units += n == 4 ? 2 : 1;
    i += n;
  }
  return units;
}

size_t byte_offset(std::string_view line, int utf16) {
  size_t i = 0;
  for (int units = 0; units < utf16 && i < line.size();) {
    unsigned char b = static_cast<unsigned char>(line[i]);
    size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
    units += n == 4 ? 2 : 1;
    i += n;
  }
  return std::min(i, line.size());
}

json lsp_range(const Position& p) {
  int line = std::max(0, p.line - 1);
  std::string_view text = p.file && p.line > 0 ? p.file->line_text(p.line) : std::string_view();
  int start = utf16_column(text, std::max(1, p.column));
  int end = utf16_column(text, std::max(1, p.column) + std::max(1, p.length));
  return {{"start", {{"line", line}, {"character", start}}}, {"end", {{"line", line}, {"character", end}}}};
}

void Workspace::set_text(const std::string& path, std::string text) {
  open_[path] = std::move(text);
  by_directory_[fs::path(path).parent_path().string()].dirty = true;
}

void Workspace::close(const std::string& path) {
  open_.erase(path);
  by_directory_[fs::path(path).parent_path().string()].dirty = true;
}

std::string Workspace::text(const std::string& path) const {
  auto it = open_.find(path);
  if (it != open_.end()) return it->second;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const Analysis& Workspace::analysis(const std::string& path) {
  std::string dir = fs::path(path).parent_path().string();
  Analysis& a = by_directory_[dir];
  if (!a.dirty) return a;
  a.dirty = false;
  a.files.clear();
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".doudi") a.files.push_back(e.path().string());
  if (std::find(a.files.begin(), a.files.end(), path) == a.files.end() && open_.count(path))
    a.files.push_back(path);  // a new file, not saved yet: understood alone
  std::sort(a.files.begin(), a.files.end());
  try {
    bool on_disk = fs::exists(path, ec);
    a.set = load_policy_with_buffers(on_disk ? dir : path, open_);
    a.diagnostics.clear();
  } catch (const PolicyError& e) {
    a.diagnostics = e.diagnostics;
  }
  return a;
}

namespace {
size_t version_index(const Analysis& a, const std::string& path) {
  if (!a.set) return std::string::npos;
  for (size_t i = 0; i < a.set->versions.size(); ++i)
    if (a.set->versions[i].file && a.set->versions[i].file->path == path) return i;
  return std::string::npos;
}
}  // namespace

const model::Model* Workspace::version_of(const std::string& path) {
  const Analysis& a = analysis(path);
  size_t i = version_index(a, path);
  return i == std::string::npos ? nullptr : &a.set->versions[i];
}

const syntax::PolicyFile* Workspace::syntax_of(const std::string& path) {
  const Analysis& a = analysis(path);
  size_t i = version_index(a, path);
  return i == std::string::npos || i >= a.set->merged.size() ? nullptr : a.set->merged[i].get();
}

const model::Model* Workspace::previous_of(const std::string& path) {
  const Analysis& a = analysis(path);
  size_t i = version_index(a, path);
  return i == std::string::npos || i == 0 ? nullptr : &a.set->versions[i - 1];
}

}  // namespace doudi::lsp
