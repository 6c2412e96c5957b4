using Pallas.Configuration.Deployment;

namespace Pallas.Configuration.Loading;

/// <summary>Orders agents so that dependencies start first, and finds dependency cycles.</summary>
internal static class DependencyOrder
{
    /// <summary>A cycle as a path that ends where it starts (a -> b -> a), or <see langword="null"/>.</summary>
    public static List<string>? FindCycle(IReadOnlyList<AgentDeployment> agents)
    {
        var edges = agents.ToDictionary(a => a.Name, a => a.DependsOn, StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on the current path, 2 = done
        var path = new List<string>();

        List<string>? Visit(string name)
        {
            state[name] = 1;
            path.Add(name);
            foreach (var next in edges.GetValueOrDefault(name) ?? [])
            {
                if (!edges.ContainsKey(next) || next == name)
                {
                    continue;
                }

                if (state.GetValueOrDefault(next) == 1)
                {
                    return [.. path[path.IndexOf(next)..], next];
                }

                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found)
                {
                    return found;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[name] = 2;
            return null;
        }

        foreach (var agent in agents)
        {
            if (state.GetValueOrDefault(agent.Name) == 0 && Visit(agent.Name) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }

    /// <summary>Dependencies before dependents, otherwise in file order. Assumes there is no cycle.</summary>
    public static List<T> Sort<T>(IReadOnlyList<T> items, Func<T, string> name, Func<T, IReadOnlyList<string>> dependsOn)
    {
        var byName = items.ToDictionary(name, StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<T>();

        void Add(T item)
        {
            if (!done.Add(name(item)))
            {
                return;
            }

            foreach (var dependency in dependsOn(item))
            {
                if (byName.TryGetValue(dependency, out var other))
                {
                    Add(other);
                }
            }

            result.Add(item);
        }

        foreach (var item in items)
        {
            Add(item);
        }

        return result;
    }
}
