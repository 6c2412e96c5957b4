using System.Text.Json;
using Pallas.Agents.Messaging;
using Pallas.Agents.Tests.Fakes;
using Pallas.Configuration.Cards;

namespace Pallas.Agents.Tests.Runtime;

public sealed class AgentRuntimeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SendMessageRequest Message(string text, params string[] historyJson) => new()
    {
        Message = text,
        History = [.. historyJson.Select(json => JsonDocument.Parse(json).RootElement.Clone())],
        ConversationId = "conv-1",
    };

    [Fact]
    public async Task SendAsync_Passthrough_EchoesTheMessage()
    {
        await using var project = new TestProject();
        var runtime = await project.StartAsync(TestProject.Agent());

        var result = await runtime.SendAsync(Message("hello there"), new RecordingObserver(), Ct);

        Assert.Equal(new SendMessageResult("hello there", SendMessageOutcome.Ok), result);
        Assert.Equal(1, await MetricsText.ValueAsync(project.Metrics, """pallas_llm_requests_total{provider="passthrough",model="passthrough",outcome="ok"}"""));
        Assert.Equal("hello there".Length, await MetricsText.ValueAsync(project.Metrics, """pallas_llm_tokens_total{provider="passthrough",model="passthrough",type="output"}"""));
    }

    [Fact]
    public async Task SendAsync_FixedResponseInHistory_FixesTheReply()
    {
        await using var project = new TestProject();
        var runtime = await project.StartAsync(TestProject.Agent());

        var result = await runtime.SendAsync(
            Message("what is the answer?", """{"role":"user","content":"***FIXED_RESPONSE forty-two"}""", """{"role":"assistant","content":"forty-two"}"""),
            new RecordingObserver(), Ct);

        Assert.Equal("forty-two", result.Text);
    }

    [Fact]
    public async Task SendAsync_MalformedHistoryRows_AreSkippedWithAWarning()
    {
        await using var project = new TestProject();
        var runtime = await project.StartAsync(TestProject.Agent(model: "playback"));
        string[] history =
        [
            """{"role":"user","content":"first"}""",
            """{"role":"system","content":"bad role"}""",
            """{"role":"assistant","content":42}""",
            """{"role":"user","content":"pic","images":[{"data":"aGVsbG8="}]}""",
            """{"role":"user","content":"pic","images":[{"data":"%%%not base64%%%","mime_type":"image/png"}]}""",
            """{"role":"assistant","content":"second"}""",
        ];

        var result = await runtime.SendAsync(Message("go", history), new RecordingObserver(), Ct);

        // playback reports how many messages it was seeded with: the two good rows and the new message.
        Assert.Equal("HISTORY LOADED (3) messages", result.Text);
        var skipped = project.Logs.Records.Where(r => r.Message.StartsWith("history row", StringComparison.Ordinal)).Select(r => r.Message).ToList();
        Assert.Equal(4, skipped.Count);
        Assert.Contains(skipped, m => m.Contains("row 1", StringComparison.Ordinal) && m.Contains("role", StringComparison.Ordinal));
        Assert.Contains(skipped, m => m.Contains("row 2", StringComparison.Ordinal) && m.Contains("content must be a string", StringComparison.Ordinal));
        Assert.Contains(skipped, m => m.Contains("row 3", StringComparison.Ordinal) && m.Contains("data/mime_type", StringComparison.Ordinal));
        Assert.Contains(skipped, m => m.Contains("row 4", StringComparison.Ordinal) && m.Contains("base64", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendAsync_ImageToNonVisionModel_IsRefusedWithTheFix()
    {
        await using var project = new TestProject();
        var runtime = await project.StartAsync(TestProject.Agent(vision: false));
        var request = Message("what is this?") with { Images = [new ImageInput("aGVsbG8=", "image/png")] };

        var result = await runtime.SendAsync(request, new RecordingObserver(), Ct);

        Assert.True(result.IsError);
        Assert.Contains("does not accept images (vision: false)", result.Text, StringComparison.Ordinal);
        Assert.Contains("model_capabilities", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.Text);
        Assert.Equal(0, await MetricsText.ValueAsync(project.Metrics, """pallas_llm_requests_total{provider="passthrough",model="passthrough",outcome="ok"}"""));
    }

    [Fact]
    public async Task SendAsync_ImageToVisionModel_ReachesTheModel()
    {
        await using var project = new TestProject();
        var runtime = await project.StartAsync(TestProject.Agent(vision: true));
        var request = Message("describe") with { Images = [new ImageInput("aGVsbG8=", "image/png")] };

        var result = await runtime.SendAsync(request, new RecordingObserver(), Ct);

        Assert.Equal(SendMessageOutcome.Ok, result.Outcome);
        Assert.Equal("describe", result.Text);
    }

    [Fact]
    public async Task SendAsync_HistoryImagesForVisionModel_BecomeDataContent()
    {
        await using var project = new TestProject();
        var model = new RecordingChatClient();
        var runtime = await project.StartAsync(TestProject.Agent(vision: true), model);

        await runtime.SendAsync(Message("and now?", """{"role":"user","content":"see","images":[{"data":"aGVsbG8=","mime_type":"image/png"}]}"""), new RecordingObserver(), Ct);

        var data = Assert.Single(model.Calls.Single().Messages.SelectMany(m => m.Contents).OfType<Microsoft.Extensions.AI.DataContent>());
        Assert.Equal(("image/png", "hello"), (data.MediaType, System.Text.Encoding.ASCII.GetString(data.Data.Span)));
    }

    [Fact]
    public async Task SendAsync_MessageImageNotBase64_IsRefused()
    {
        await using var project = new TestProject();
        var model = new RecordingChatClient();
        var runtime = await project.StartAsync(TestProject.Agent(vision: true), model);
        var request = Message("what is this?") with { Images = [new ImageInput("@@@", "image/png")] };

        var result = await runtime.SendAsync(request, new RecordingObserver(), Ct);

        Assert.Equal(SendMessageOutcome.Error, result.Outcome);
        Assert.Contains("not valid base64", result.Text, StringComparison.Ordinal);
        Assert.Empty(model.Calls);
    }

    [Fact]
    public async Task SendAsync_SlowModelPastTurnTimeout_ReturnsTimeout()
    {
        await using var project = new TestProject();
        var runtime = await project.StartAsync(TestProject.Agent(model: "slow", deployment: d => d with { TurnTimeout = TimeSpan.FromMilliseconds(100) }));

        var result = await runtime.SendAsync(Message("hi"), new RecordingObserver(), Ct);

        Assert.Equal(SendMessageOutcome.Timeout, result.Outcome);
        Assert.True(result.IsError);
        Assert.Contains("turn_timeout", result.Text, StringComparison.Ordinal);
        Assert.Contains(project.Logs.Records, r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning && r.Message.Contains("turn_timeout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendAsync_SlowModelPastStreamingTimeout_ReturnsTimeout()
    {
        await using var project = new TestProject();
        var runtime = await project.StartAsync(TestProject.Agent(model: "slow", deployment: d => d with { StreamingTimeout = TimeSpan.FromMilliseconds(100) }));

        var result = await runtime.SendAsync(Message("hi"), new RecordingObserver(), Ct);

        Assert.Equal(SendMessageOutcome.Timeout, result.Outcome);
        Assert.Contains("streaming_timeout", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_ReturnsCancelled()
    {
        await using var project = new TestProject();
        var runtime = await project.StartAsync(TestProject.Agent(model: "slow"));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var observer = new RecordingObserver();

        var call = runtime.SendAsync(Message("hi"), observer, cancel.Token);
        await cancel.CancelAsync();
        var result = await call;

        Assert.Equal(SendMessageOutcome.Cancelled, result.Outcome);
    }

    [Fact]
    public async Task SendAsync_ConsecutiveCalls_KeepTheSharedProviderClientAlive()
    {
        await using var project = new TestProject();
        var model = new ScriptedChatClient("first answer", "second answer");
        var runtime = await project.StartAsync(TestProject.Agent(), model);

        var first = await runtime.SendAsync(Message("one"), new RecordingObserver(), Ct);
        var second = await runtime.SendAsync(Message("two"), new RecordingObserver(), Ct);

        Assert.Equal(new SendMessageResult("first answer", SendMessageOutcome.Ok), first);
        Assert.Equal(new SendMessageResult("second answer", SendMessageOutcome.Ok), second);
        Assert.False(model.IsDisposed);
    }

    [Fact]
    public async Task SendAsync_ProviderFailure_ReturnsItsOneLineError()
    {
        await using var project = new TestProject();
        var runtime = await project.StartAsync(TestProject.Agent(model: "anthropic.claude-opus-4-7"));

        var result = await runtime.SendAsync(Message("hi"), new RecordingObserver(), Ct);

        Assert.Equal(SendMessageOutcome.Error, result.Outcome);
        Assert.Contains("no API key for the anthropic provider", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.Text);
        Assert.Equal(1, await MetricsText.ValueAsync(project.Metrics, """pallas_llm_requests_total{provider="anthropic",model="claude-opus-4-7",outcome="error"}"""));
    }

    [Fact]
    public async Task SendAsync_InstructionPlaceholders_AreRenderedIntoTheSystemMessage()
    {
        await using var project = new TestProject();
        await File.WriteAllTextAsync(Path.Combine(project.Directory, "style.txt"), "Be brief.", Ct);
        var card = new AgentCard
        {
            Name = "jarvis",
            SourcePath = Path.Combine(project.Directory, "jarvis.md"),
            Instruction = "I am {{agentName}} on {{currentDate}}. {{file:style.txt}} \\{{agentName}} {{env}}",
        };
        var model = new RecordingChatClient();
        var runtime = await project.StartAsync(TestProject.Agent(card: card), model);

        await runtime.SendAsync(Message("hi"), new RecordingObserver(), Ct);

        var system = Assert.Single(model.Calls).Messages[0];
        Assert.Equal(Microsoft.Extensions.AI.ChatRole.System, system.Role);
        var today = DateTimeOffset.Now.ToString("dd MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith($"I am jarvis on {today}. Be brief. {{{{agentName}}}} Environment:", system.Text, StringComparison.Ordinal);
        Assert.Contains(project.Directory, system.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_RequestParams_BecomeChatOptionsBoundedByCapabilities()
    {
        await using var project = new TestProject();
        var card = new AgentCard
        {
            Name = "jarvis",
            SourcePath = "agents/jarvis.md",
            RequestParams = new RequestParams { MaxTokens = 500_000, Temperature = 0.6, TopP = 0.9, TopK = 40, StopSequences = ["END"], ParallelToolCalls = false },
        };
        var model = new RecordingChatClient();
        var runtime = await project.StartAsync(TestProject.Agent(card: card), model);

        await runtime.SendAsync(Message("hi"), new RecordingObserver(), Ct);

        var options = Assert.Single(model.Calls).Options!;
        Assert.Equal(100_000, options.MaxOutputTokens);
        Assert.Equal(0.6f, options.Temperature);
        Assert.Equal(0.9f, options.TopP);
        Assert.Equal(40, options.TopK);
        Assert.Equal(["END"], options.StopSequences!);
        Assert.False(options.AllowMultipleToolCalls);
    }
}
