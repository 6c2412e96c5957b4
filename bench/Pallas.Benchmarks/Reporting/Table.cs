using System.Text;

namespace Pallas.Benchmarks.Reporting;

/// <summary>A Markdown table with padded columns, so the same text reads well on a console and renders on GitHub.</summary>
internal sealed class Table
{
    private readonly string[] _headers;
    private readonly bool[] _rightAligned;
    private readonly List<string[]> _rows = [];

    /// <param name="headers">Column titles; a title ending in ">" is right-aligned (numbers), the ">" is not shown.</param>
    public Table(params string[] headers)
    {
        _rightAligned = headers.Select(h => h.EndsWith('>')).ToArray();
        _headers = headers.Select(h => h.TrimEnd('>')).ToArray();
    }

    public int RowCount => _rows.Count;

    public void Add(params string[] cells)
    {
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"expected {_headers.Length} cells, got {cells.Length}", nameof(cells));
        }

        _rows.Add(cells);
    }

    public override string ToString()
    {
        var widths = _headers.Select((h, i) => Math.Max(3, _rows.Select(r => r[i].Length).Append(h.Length).Max())).ToArray();
        var text = new StringBuilder();
        AppendRow(text, _headers, widths);
        text.Append('|');
        for (var i = 0; i < widths.Length; i++)
        {
            text.Append(' ').Append('-', widths[i] - 1).Append(_rightAligned[i] ? ':' : '-').Append(" |");
        }

        text.AppendLine();
        foreach (var row in _rows)
        {
            AppendRow(text, row, widths);
        }

        return text.ToString();
    }

    private void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        text.Append('|');
        for (var i = 0; i < cells.Length; i++)
        {
            var cell = _rightAligned[i] ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]);
            text.Append(' ').Append(cell).Append(" |");
        }

        text.AppendLine();
    }
}
