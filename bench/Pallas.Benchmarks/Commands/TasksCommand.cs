using System.CommandLine;
using System.Diagnostics;
using Pallas.Benchmarks.Load;
using Pallas.Benchmarks.Reporting;
using Pallas.Benchmarks.Servers;
using Pallas.Emulators;

namespace Pallas.Benchmarks.Commands;

/// <summary>
/// <c>tasks</c>: what the Tasks extension costs a caller. One client, one call at a time, on the passthrough project:
/// a synchronous 2026-07-28 <c>send_message</c> against a task round trip (the <c>tools/call</c> that creates it, then
/// <c>tasks/get</c> until <c>completed</c>, polled back to back), interleaved so that both see the same machine.
/// </summary>
internal static class TasksCommand
{
    private const string DefaultFile = "tasks.md";

    public static Command Create()
    {
        var calls = new Option<int>("--calls") { Description = "Calls of each kind (after 50 warm-up calls of each).", DefaultValueFactory = _ => 1_000 };
        var output = BenchOptions.Out(DefaultFile);
        var command = new Command("tasks", "Synchronous send_message vs a task round trip (create + tasks/get until completed), side by side.") { calls, output };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var report = new ResultFile(BenchOptions.ResultPath(parseResult.GetValue(output), DefaultFile), "Task round trip vs synchronous call", BenchOptions.CommandLine(parseResult));
            await RunAsync(report, Math.Max(1, parseResult.GetValue(calls)), cancellationToken);
            await report.SaveAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    private static async Task RunAsync(ResultFile report, int calls, CancellationToken cancellationToken)
    {
        var spec = Targets.PallasPassthrough();
        await using var server = ServerProcess.Start(spec);
        await server.WaitHealthyAsync(TimeSpan.FromSeconds(60), cancellationToken);
        var endpoint = spec.McpEndpoint;
        var sync = new long[calls];
        var task = new long[calls];
        for (var i = -50; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await McpWire.SendMessageAsync(endpoint, Targets.Message, withTasks: false, cancellationToken);
            var syncTicks = Stopwatch.GetTimestamp() - started;
            started = Stopwatch.GetTimestamp();
            var created = await McpWire.SendMessageAsync(endpoint, Targets.Message, withTasks: true, cancellationToken);
            var taskId = (string?)created["result"]?["taskId"] ?? throw new BenchmarkException($"send_message did not create a task: {created.ToJsonString()}");
            await McpWire.PollUntilDoneAsync(endpoint, taskId, cancellationToken, pollDelay: TimeSpan.Zero);
            var taskTicks = Stopwatch.GetTimestamp() - started;
            if (i >= 0)
            {
                (sync[i], task[i]) = (syncTicks, taskTicks);
            }
        }

        var syncStats = LatencyStats.FromTicks(sync);
        var taskStats = LatencyStats.FromTicks(task);
        report.Line($"Pallas passthrough (`bench/projects/passthrough`), one client, {calls:#,0} calls of each kind after 50 warm-up calls, interleaved. "
            + "Each call is a new HTTP request (McpWire, no connection reuse beyond the HTTP client's); the task is polled with no delay, so the round trip is the extension's cost, not the poll interval.");
        report.Line();
        var table = new Table("call", "p50 ms>", "p90 ms>", "p99 ms>", "mean ms>");
        table.Add("synchronous send_message", Format.Ms(syncStats.P50), Format.Ms(syncStats.P90), Format.Ms(syncStats.P99), Format.Ms(syncStats.Mean));
        table.Add("task: create + tasks/get until completed", Format.Ms(taskStats.P50), Format.Ms(taskStats.P90), Format.Ms(taskStats.P99), Format.Ms(taskStats.Mean));
        report.Table(table);
        report.Line($"Task ÷ synchronous at p50: {Format.Ratio(taskStats.P50 / syncStats.P50)}.");
        Console.WriteLine($"  sync p50 {syncStats.P50:0.00} ms, task p50 {taskStats.P50:0.00} ms ({taskStats.P50 / syncStats.P50:0.00}×)");
    }
}
