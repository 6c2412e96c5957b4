namespace Pallas.Benchmarks;

/// <summary>A benchmark that cannot run; the message is one actionable line, printed without a stack trace.</summary>
internal sealed class BenchmarkException : Exception
{
    public BenchmarkException(string message)
        : base(message)
    {
    }

    public BenchmarkException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BenchmarkException()
    {
    }
}
