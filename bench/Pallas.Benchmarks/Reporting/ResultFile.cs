using System.Globalization;
using System.Text;

namespace Pallas.Benchmarks.Reporting;

/// <summary>A Markdown result: printed to the console as it grows, written to bench/results/&lt;name&gt;.md at the end.</summary>
internal sealed class ResultFile
{
    private readonly StringBuilder _text = new();
    private readonly string _path;

    public ResultFile(string path, string title, string command)
    {
        _path = path;
        Line($"# {title}");
        Line();
        Line($"- When: {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC");
        Line($"- Machine: {MachineInfo.Describe()}");
        Line($"- Command: `{command}`");
        Line($"- Load average at start (1/5/15 min, 2 cores): {MachineInfo.LoadAverage()}");
        Line();
    }

    public void Line(string text = "")
    {
        Console.WriteLine(text);
        _text.AppendLine(text);
    }

    public void Table(Table table)
    {
        Console.Write(table.ToString());
        _text.Append(table);
        Line();
    }

    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        Line($"Load average at the end (1/5/15 min): {MachineInfo.LoadAverage()}");
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        await File.WriteAllTextAsync(_path, _text.ToString(), cancellationToken);
        Console.WriteLine($"written: {Path.GetRelativePath(Environment.CurrentDirectory, _path)}");
    }
}
