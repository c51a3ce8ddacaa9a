namespace Winnow.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("winnow: the command line is being built");
        return args.Length == 0 ? 2 : 1;
    }
}
