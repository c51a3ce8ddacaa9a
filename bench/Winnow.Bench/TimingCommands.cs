using System.Reflection;

namespace Winnow.Bench;

/// <summary>Marks a static <c>int Method(string[] args)</c> as an end-to-end timing command run by name.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TimingCommandAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>
/// End-to-end timing commands (wall time and peak memory of whole jobs), kept apart from BenchmarkDotNet
/// micro-benchmarks. Commands are discovered by attribute so each benchmark area stays in its own file.
/// </summary>
public static class TimingCommands
{
    public static int Run(string[] args)
    {
        var commands = typeof(TimingCommands).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Select(m => (Method: m, Attr: m.GetCustomAttribute<TimingCommandAttribute>()))
            .Where(x => x.Attr is not null)
            .ToDictionary(x => x.Attr!.Name, x => x.Method, StringComparer.Ordinal);
        if (args.Length == 0 || !commands.TryGetValue(args[0], out var method))
        {
            Console.Error.WriteLine("usage: timing <" + string.Join("|", commands.Keys.Order()) + "> [args]");
            return 2;
        }
        return (int)method.Invoke(null, [args[1..]])!;
    }
}
