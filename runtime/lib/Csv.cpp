//===- Csv.cpp - CSV reader for numeric tables ----------------------------===//
//
// Parses a whole file in memory, line by line. Numbers are read with
// std::from_chars, which, unlike strtod, ignores the process's locale: a
// German locale must not turn "0.5" into a bad cell.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/Csv.h"

#include "dlc/Runtime/Gzip.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>
#include <system_error>

using namespace dlc;

namespace {

bool isSpace(char c, char delimiter) {
  return (c == ' ' || c == '\t') && c != delimiter;
}

std::string_view trim(std::string_view text, char delimiter) {
  while (!text.empty() && isSpace(text.front(), delimiter))
    text.remove_prefix(1);
  while (!text.empty() && isSpace(text.back(), delimiter))
    text.remove_suffix(1);
  return text;
}

/// Splits one line into its fields, unquoting quoted ones. Errors start with
/// the column.
Status splitFields(std::string_view line, char delimiter,
                   std::vector<std::string> &fields) {
  fields.clear();
  size_t pos = 0;
  for (;;) {
    std::string column = "column " + std::to_string(fields.size() + 1);
    while (pos < line.size() && isSpace(line[pos], delimiter))
      ++pos;
    std::string field;
    if (pos < line.size() && line[pos] == '"') {
      // Inside quotes, "" stands for one quote character.
      for (++pos;; ++pos) {
        if (pos >= line.size())
          return Status::error(column + ": unterminated quoted field");
        if (line[pos] == '"') {
          if (pos + 1 < line.size() && line[pos + 1] == '"') {
            field += '"';
            ++pos;
            continue;
          }
          ++pos;
          break;
        }
        field += line[pos];
      }
      while (pos < line.size() && isSpace(line[pos], delimiter))
        ++pos;
      if (pos < line.size() && line[pos] != delimiter)
        return Status::error(column + ": text after the closing quote");
    } else {
      size_t end = std::min(line.find(delimiter, pos), line.size());
      field = trim(line.substr(pos, end - pos), delimiter);
      pos = end;
    }
    fields.push_back(std::move(field));
    if (pos >= line.size())
      return Status::ok();
    ++pos; // The delimiter.
  }
}

/// Reads `cell` as a float32. The text is read as a double and then rounded,
/// as NumPy users get from loadtxt(...).astype(np.float32), so that both
/// agree to the bit even where a direct decimal-to-float32 rounding differs.
Status parseNumber(const std::string &cell, float &value) {
  if (cell.empty())
    return Status::error("empty cell");
  // from_chars takes no leading '+', which is common in exported data.
  bool plus = cell[0] == '+';
  const char *begin = cell.data() + (plus ? 1 : 0);
  const char *end = cell.data() + cell.size();
  double number;
  auto [stop, error] = std::from_chars(begin, end, number);
  bool outOfRange = error == std::errc::result_out_of_range;
  if ((error != std::errc() && !outOfRange) || stop != end ||
      (plus && *begin == '-'))
    return Status::error("cannot read '" + cell + "' as a number");
  value = static_cast<float>(number);
  if (outOfRange || (std::isinf(value) && !std::isinf(number)))
    return Status::error("'" + cell + "' is out of the float32 range");
  return Status::ok();
}

class CsvParser {
public:
  CsvParser(const std::string &path, const CsvOptions &options)
      : path_(path), options_(options) {}

  Result<CsvTable> parse(std::string_view text);

private:
  /// An error about line `line` of the file.
  Status lineError(int64_t line, const std::string &message) const {
    return Status::error(path_ + ":" + std::to_string(line) + ": " + message);
  }

  const std::string &path_;
  const CsvOptions &options_;
};

} // namespace

Result<CsvTable> CsvParser::parse(std::string_view text) {
  CsvTable table;
  std::vector<float> values;
  std::vector<std::string> fields;
  // The line that fixed the number of columns: the header or the first row.
  int64_t firstLine = 0;
  int64_t lineNumber = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++lineNumber;
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    if (lineNumber <= options_.skipLines ||
        trim(line, options_.delimiter).empty())
      continue;

    Status split = splitFields(line, options_.delimiter, fields);
    if (!split)
      return lineError(lineNumber, split.message());
    if (firstLine == 0) {
      firstLine = lineNumber;
      if (options_.hasHeader) {
        table.columnNames = fields;
        continue;
      }
      for (size_t i = 0; i < fields.size(); ++i)
        table.columnNames.push_back(std::to_string(i));
    }
    if (fields.size() != table.columnNames.size())
      return lineError(lineNumber,
                       "has " + std::to_string(fields.size()) +
                           " fields but line " + std::to_string(firstLine) +
                           " has " + std::to_string(table.columnNames.size()));
    for (size_t column = 0; column < fields.size(); ++column) {
      float value;
      Status parsed = parseNumber(fields[column], value);
      if (!parsed) {
        std::string where = "column " + std::to_string(column + 1);
        if (options_.hasHeader)
          where += " (\"" + table.columnNames[column] + "\")";
        return lineError(lineNumber, where + ": " + parsed.message());
      }
      values.push_back(value);
    }
  }
  if (firstLine == 0 && options_.hasHeader)
    return Status::error(path_ + ": no header line" +
                         (options_.skipLines > 0
                              ? " after the " +
                                    std::to_string(options_.skipLines) +
                                    " skipped lines"
                              : std::string()));

  auto columns = static_cast<int64_t>(table.columnNames.size());
  int64_t rows = columns == 0 ? 0 : values.size() / columns;
  table.values = Tensor(DType::Float32, {rows, columns});
  std::copy(values.begin(), values.end(), table.values.typed<float>());
  return table;
}

Result<int64_t> CsvTable::columnIndex(const std::string &name) const {
  std::vector<int64_t> matches;
  std::string known;
  for (size_t i = 0; i < columnNames.size(); ++i) {
    if (columnNames[i] == name)
      matches.push_back(static_cast<int64_t>(i));
    known += (i == 0 ? "\"" : ", \"") + columnNames[i] + "\"";
  }
  if (matches.empty())
    return Status::error("no column named \"" + name + "\" (columns: " + known +
                         ")");
  if (matches.size() > 1)
    return Status::error("column name \"" + name + "\" is ambiguous: columns " +
                         std::to_string(matches[0] + 1) + " and " +
                         std::to_string(matches[1] + 1) + " have it");
  return matches[0];
}

Result<CsvTable> dlc::readCsv(const std::string &path,
                              const CsvOptions &options) {
  Result<std::string> text = readFileInflated(path);
  if (!text)
    return text.status();
  return CsvParser(path, options).parse(*text);
}

Result<Dataset> dlc::readCsvDataset(const std::string &path,
                                    const std::string &labelColumn,
                                    const CsvOptions &options) {
  Result<CsvTable> table = readCsv(path, options);
  if (!table)
    return table.status();
  Result<int64_t> label = table->columnIndex(labelColumn);
  if (!label)
    return label.status().withContext(path);
  int64_t rows = table->values.shape()[0];
  int64_t columns = table->values.shape()[1];
  if (columns < 2)
    return Status::error(path +
                         ": needs a feature column besides the label "
                         "column \"" +
                         labelColumn + "\"");

  Tensor features(DType::Float32, {rows, columns - 1});
  Tensor labels(DType::Float32, {rows});
  const float *cells = table->values.typed<float>();
  float *feature = features.typed<float>();
  for (int64_t row = 0; row < rows; ++row)
    for (int64_t column = 0; column < columns; ++column) {
      float cell = cells[row * columns + column];
      if (column == *label)
        labels.typed<float>()[row] = cell;
      else
        *feature++ = cell;
    }
  return Dataset::create(std::move(features), std::move(labels));
}
