using System.Collections;
using System.Reflection;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace Winnow.Data.Columnar;

/// <summary>
/// Builds a row group's rows from its columns' values and definition/repetition levels (Dremel record assembly).
/// Parquet.Net's own untyped reader is not used for this because it drops what the levels say: an empty list of
/// scalars reads as absent (so as null), a null field inside a struct disappears, and a null inside a list of
/// scalars is skipped. Here every value, null and empty list comes back where it was written.
/// Rows are dictionaries in schema order; structs are dictionaries; lists of structs are
/// <c>List&lt;IDictionary&lt;string, object?&gt;&gt;</c> and lists of scalars typed lists of the column's
/// nullable CLR type (strings as character memory), the shapes Parquet.Net's untyped writer takes back, so a row
/// read here is written unchanged when the input's schema is kept.
/// </summary>
internal sealed class ParquetRowAssembler
{
    private readonly List<(DataField Leaf, Field[] Path)> _columns = [];
    private readonly int _topFields;

    /// <exception cref="DatasetFormatException">The schema has a map column, which rows of instruction data do not use.</exception>
    public ParquetRowAssembler(ParquetSchema schema, string file)
    {
        _topFields = schema.Fields.Count;
        foreach (var field in schema.Fields)
            AddLeaves(field, [], file);
    }

    public List<Dictionary<string, object?>> Read(ParquetRowGroupReader group)
    {
        var rows = new List<Dictionary<string, object?>>(checked((int)group.RowCount));
        for (var i = 0; i < group.RowCount; i++)
            rows.Add(new Dictionary<string, object?>(_topFields, StringComparer.Ordinal));
        foreach (var (leaf, path) in _columns)
        {
            using var raw = group.ReadRawColumnDataBaseAsync(leaf).AsTask().GetAwaiter().GetResult();
            Place(rows, leaf, path, raw);
        }
        return rows;
    }

    private void AddLeaves(Field field, Field[] parents, string file)
    {
        Field[] path = [.. parents, field];
        switch (field)
        {
            case DataField leaf:
                _columns.Add((leaf, path));
                break;
            case StructField structure:
                foreach (var child in structure.Fields)
                    AddLeaves(child, path, file);
                break;
            case ListField list:
                AddLeaves(list.Item, path, file);
                break;
            default:
                throw new DatasetFormatException(file, 0, null,
                    $"column '{string.Join(".", path.Select(f => f.Name))}' is a {field.SchemaType} column; expected scalar, struct and list columns only");
        }
    }

    private static void Place(List<Dictionary<string, object?>> rows, DataField leaf, Field[] path, RawColumnData raw)
    {
        var definitions = leaf.MaxDefinitionLevel > 0 ? raw.DefinitionLevels : default;
        var repetitions = leaf.MaxRepetitionLevel > 0 ? raw.RepetitionLevels : default;
        var entries = leaf.MaxDefinitionLevel > 0 ? definitions.Length : rows.Count;
        var values = DenseValues(raw, CountDefined(definitions, leaf.MaxDefinitionLevel, entries));
        var index = new int[leaf.MaxRepetitionLevel + 1];
        var row = -1;
        var next = 0;
        for (var e = 0; e < entries; e++)
        {
            var repetition = repetitions.IsEmpty ? 0 : repetitions[e];
            var definition = definitions.IsEmpty ? leaf.MaxDefinitionLevel : definitions[e];
            if (repetition == 0)
            {
                row++;
                Array.Clear(index);
            }
            else
            {
                index[repetition]++;
                Array.Clear(index, repetition + 1, index.Length - repetition - 1);
            }
            var value = definition == leaf.MaxDefinitionLevel ? values[next++] : null;
            Insert(rows[row], path, definition, index, value);
        }
    }

    /// <summary>Puts one column entry into its row, creating the structs and lists on its path as the levels say.</summary>
    private static void Insert(Dictionary<string, object?> row, Field[] path, int definition, int[] index, object? value)
    {
        object container = row;
        object key = path[0].Name;
        for (var i = 0; i < path.Length; i++)
        {
            switch (path[i])
            {
                case DataField { IsArray: true } repeated:
                    var scalars = (IList)GetOrAdd(container, key, () => NewList(repeated, repeated.MaxDefinitionLevel));
                    if (definition == repeated.MaxDefinitionLevel)
                        scalars.Add(value);
                    return;
                case DataField:
                    Put(container, key, value is ReadOnlyMemory<char> text && container is not IList ? text.ToString() : value);
                    return;
                case StructField structure:
                    if (definition < structure.MaxDefinitionLevel)
                    {
                        Put(container, key, null);
                        return;
                    }
                    container = GetOrAdd(container, key, () => new Dictionary<string, object?>(structure.Fields.Count, StringComparer.Ordinal));
                    key = path[i + 1].Name;
                    break;
                case ListField list:
                    // A list's own definition level is that of a present element; one less is a present, empty list.
                    if (definition < list.MaxDefinitionLevel - 1)
                    {
                        Put(container, key, null);
                        return;
                    }
                    var items = (IList)GetOrAdd(container, key, () => NewList(list.Item, list.MaxDefinitionLevel));
                    if (definition == list.MaxDefinitionLevel - 1)
                        return;
                    var at = index[list.MaxRepetitionLevel];
                    if (items.Count == at)
                        items.Add(list.Item is DataField ? value : null);
                    if (list.Item is DataField)
                        return;
                    container = items;
                    key = at;
                    break;
            }
        }
    }

    private static object GetOrAdd(object container, object key, Func<object> create)
    {
        var existing = container is IList list ? list[(int)key] : ((Dictionary<string, object?>)container).GetValueOrDefault((string)key);
        if (existing is not null)
            return existing;
        var created = create();
        Put(container, key, created);
        return created;
    }

    private static void Put(object container, object key, object? value)
    {
        if (container is IList list)
            list[(int)key] = value;
        else
            ((Dictionary<string, object?>)container)[(string)key] = value;
    }

    private static IList NewList(Field item, int listDefinition) => item switch
    {
        DataField scalar => (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(ElementType(scalar, listDefinition)))!,
        StructField => new List<IDictionary<string, object?>>(),
        _ => new List<object?>(),
    };

    /// <summary>The list element's CLR type: nullable when the element can be null (its level is above the list's).</summary>
    private static Type ElementType(DataField scalar, int listDefinition) =>
        scalar.MaxDefinitionLevel > listDefinition && scalar.ClrType.IsValueType ? typeof(Nullable<>).MakeGenericType(scalar.ClrType) : scalar.ClrType;

    private static int CountDefined(ReadOnlySpan<int> definitions, int max, int entries)
    {
        if (definitions.IsEmpty)
            return entries;
        var count = 0;
        foreach (var level in definitions)
            count += level == max ? 1 : 0;
        return count;
    }

    /// <summary>The column's non-null values in order (the raw buffer holds them packed at its start).</summary>
    private static object?[] DenseValues(RawColumnData raw, int count) =>
        (object?[])typeof(ParquetRowAssembler).GetMethod(nameof(Dense), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(raw.GetType().GetGenericArguments()[0]).Invoke(null, [raw, count])!;

    private static object?[] Dense<T>(RawColumnData raw, int count) where T : struct
    {
        var values = ((RawColumnData<T>)raw).Values[..count];
        var boxed = new object?[count];
        for (var i = 0; i < count; i++)
            boxed[i] = values[i];
        return boxed;
    }
}
