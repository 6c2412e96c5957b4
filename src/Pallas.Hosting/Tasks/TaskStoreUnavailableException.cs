namespace Pallas.Hosting.Tasks;

/// <summary>The task store cannot be reached: new tasks are refused with this message; synchronous calls keep working.</summary>
internal sealed class TaskStoreUnavailableException : Exception
{
    public TaskStoreUnavailableException()
    {
    }

    public TaskStoreUnavailableException(string message)
        : base(message)
    {
    }

    public TaskStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
