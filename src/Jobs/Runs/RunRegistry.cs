using System.Data.Common;
using System.Globalization;

namespace PerturbKG.Jobs.Runs;

/// <summary>
/// The run registry: every background run with its state, progress, log tail, result and timings, in SQLite or
/// PostgreSQL (the same SQL runs on both). State changes are conditional updates, so a run starts and ends once.
/// </summary>
public sealed class RunRegistry(JobDatabase database)
{
    private const string Columns =
        "id, kind, store, parameters, state, progress, stage, log_tail, result, error, created_at, started_at, finished_at, heartbeat, host, attempt, retry_of, schedule_id, cancel_requested, output_directory";

    private readonly Lock _schemaLock = new();
    private bool _schemaReady;

    public JobDatabase Database => database;

    public async Task CreateAsync(JobRun run, CancellationToken ct)
    {
        await using var connection = Open();
        await ExecuteAsync(connection, $"INSERT INTO job_runs ({Columns}) VALUES (@id, @kind, @store, @parameters, @state, @progress, @stage, @log_tail, @result, @error, @created_at, @started_at, @finished_at, @heartbeat, @host, @attempt, @retry_of, @schedule_id, @cancel_requested, @output_directory)", ct,
            ("id", run.Id), ("kind", run.Kind), ("store", run.Store), ("parameters", run.Parameters), ("state", Name(run.State)),
            ("progress", run.Progress), ("stage", run.Stage), ("log_tail", run.LogTail), ("result", run.Result), ("error", run.Error),
            ("created_at", Time(run.CreatedAt)), ("started_at", Time(run.StartedAt)), ("finished_at", Time(run.FinishedAt)),
            ("heartbeat", Time(run.Heartbeat)), ("host", run.Host), ("attempt", run.Attempt), ("retry_of", run.RetryOf),
            ("schedule_id", run.ScheduleId), ("cancel_requested", run.CancelRequested ? 1 : 0), ("output_directory", run.OutputDirectory));
    }

    public async Task<JobRun?> GetAsync(string id, CancellationToken ct)
    {
        await using var connection = Open();
        var runs = await ReadAsync(connection, $"SELECT {Columns} FROM job_runs WHERE id = @id", ct, ("id", id));
        return runs.Count == 0 ? null : runs[0];
    }

    /// <summary>The newest runs first, optionally of one kind.</summary>
    public async Task<IReadOnlyList<JobRun>> ListAsync(int limit, string? kind, CancellationToken ct)
    {
        await using var connection = Open();
        return await ReadAsync(connection,
            $"SELECT {Columns} FROM job_runs WHERE (@kind IS NULL OR kind = @kind) ORDER BY created_at DESC, id DESC LIMIT @limit", ct,
            ("kind", kind), ("limit", limit));
    }

    /// <summary>Queued or running training runs on a store, oldest first: the training queue.</summary>
    public async Task<IReadOnlyList<JobRun>> TrainingQueueAsync(string store, CancellationToken ct)
    {
        await using var connection = Open();
        return await ReadAsync(connection,
            $"SELECT {Columns} FROM job_runs WHERE kind = 'train' AND store = @store AND state IN ('queued', 'running') ORDER BY created_at, id", ct,
            ("store", store));
    }

    /// <summary>Moves a queued run to running on this host; false when it is no longer queued (cancelled, or started elsewhere).</summary>
    public async Task<bool> TryStartAsync(string id, string host, CancellationToken ct)
    {
        var now = Time(DateTimeOffset.UtcNow);
        await using var connection = Open();
        return await ExecuteAsync(connection,
            "UPDATE job_runs SET state = 'running', started_at = @now, heartbeat = @now, host = @host WHERE id = @id AND state = 'queued' AND cancel_requested = 0", ct,
            ("id", id), ("now", now), ("host", host)) == 1;
    }

    /// <summary>Records progress and the log tail, and says whether someone asked to cancel the run.</summary>
    public async Task<bool> ReportAsync(string id, double progress, string? stage, string logTail, CancellationToken ct)
    {
        // One round trip per heartbeat: the update returns the cancel flag (RETURNING: SQLite 3.35+, PostgreSQL).
        await using var connection = Open();
        await using var command = Command(connection,
            "UPDATE job_runs SET progress = @progress, stage = @stage, log_tail = @log_tail, heartbeat = @now WHERE id = @id AND state = 'running' RETURNING cancel_requested",
            ("id", id), ("progress", progress), ("stage", stage), ("log_tail", logTail), ("now", Time(DateTimeOffset.UtcNow)));
        var flag = await command.ExecuteScalarAsync(ct);
        return flag is not null and not DBNull && Convert.ToInt32(flag, CultureInfo.InvariantCulture) != 0;
    }

    /// <summary>How many runs are running and queued (for /health).</summary>
    public async Task<(long Running, long Queued)> CountActiveAsync(CancellationToken ct)
    {
        await using var connection = Open();
        await using var command = Command(connection,
            "SELECT COALESCE(SUM(CASE WHEN state = 'running' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN state = 'queued' THEN 1 ELSE 0 END), 0) FROM job_runs WHERE state IN ('running', 'queued')");
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
    }

    public async Task SetOutputDirectoryAsync(string id, string directory, CancellationToken ct)
    {
        await using var connection = Open();
        await ExecuteAsync(connection, "UPDATE job_runs SET output_directory = @dir WHERE id = @id", ct, ("id", id), ("dir", directory));
    }

    /// <summary>Ends a run that is queued or running; false when it had already ended.</summary>
    public async Task<bool> FinishAsync(string id, RunState state, string? result, string? error, string? logTail, CancellationToken ct)
    {
        if (state is RunState.Queued or RunState.Running)
        {
            throw new ArgumentException($"A run cannot finish as {state}.", nameof(state));
        }

        await using var connection = Open();
        return await ExecuteAsync(connection,
            "UPDATE job_runs SET state = @state, result = @result, error = @error, finished_at = @now, log_tail = COALESCE(@log_tail, log_tail), " +
            "progress = CASE WHEN @state = 'succeeded' THEN 100 ELSE progress END, stage = CASE WHEN @state = 'succeeded' THEN 'done' ELSE stage END WHERE id = @id AND state IN ('queued', 'running')", ct,
            ("id", id), ("state", Name(state)), ("result", result), ("error", error), ("now", Time(DateTimeOffset.UtcNow)), ("log_tail", logTail)) == 1;
    }

    /// <summary>Asks a run to stop: a queued run is cancelled at once, a running one at its next progress report.</summary>
    public async Task<JobRun?> RequestCancelAsync(string id, CancellationToken ct)
    {
        await using var connection = Open();
        await ExecuteAsync(connection, "UPDATE job_runs SET cancel_requested = 1 WHERE id = @id AND state IN ('queued', 'running')", ct, ("id", id));
        await ExecuteAsync(connection,
            "UPDATE job_runs SET state = 'cancelled', finished_at = @now, error = 'Cancelled before it started.' WHERE id = @id AND state = 'queued'", ct,
            ("id", id), ("now", Time(DateTimeOffset.UtcNow)));
        var runs = await ReadAsync(connection, $"SELECT {Columns} FROM job_runs WHERE id = @id", ct, ("id", id));
        return runs.Count == 0 ? null : runs[0];
    }

    /// <summary>Running runs whose host is this one (it just started, so they were cut short) or has gone quiet.</summary>
    public async Task<IReadOnlyList<JobRun>> FindOrphansAsync(string host, TimeSpan quietFor, CancellationToken ct)
    {
        await using var connection = Open();
        return await ReadAsync(connection,
            $"SELECT {Columns} FROM job_runs WHERE state = 'running' AND (host = @host OR heartbeat IS NULL OR heartbeat < @cutoff) ORDER BY created_at", ct,
            ("host", host), ("cutoff", Time(DateTimeOffset.UtcNow - quietFor)));
    }

    public async Task AddScheduleAsync(Schedule schedule, CancellationToken ct)
    {
        await using var connection = Open();
        await ExecuteAsync(connection,
            "INSERT INTO job_schedules (id, name, cron, store, parameters, created_at) VALUES (@id, @name, @cron, @store, @parameters, @created_at)", ct,
            ("id", schedule.Id), ("name", schedule.Name), ("cron", schedule.Cron), ("store", schedule.Store), ("parameters", schedule.Parameters),
            ("created_at", Time(schedule.CreatedAt)));
    }

    public async Task<Schedule?> GetScheduleAsync(string id, CancellationToken ct) => (await ReadSchedulesAsync(id, ct)).FirstOrDefault();

    public Task<IReadOnlyList<Schedule>> ListSchedulesAsync(CancellationToken ct) => ReadSchedulesAsync(null, ct);

    private async Task<IReadOnlyList<Schedule>> ReadSchedulesAsync(string? id, CancellationToken ct)
    {
        await using var connection = Open();
        await using var command = Command(connection,
            "SELECT id, name, cron, store, parameters, created_at FROM job_schedules WHERE (@id IS NULL OR id = @id) ORDER BY created_at, id", ("id", id));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var schedules = new List<Schedule>();
        while (await reader.ReadAsync(ct))
        {
            schedules.Add(new Schedule(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                ParseTime(reader.GetString(5))));
        }

        return schedules;
    }

    public async Task<bool> DeleteScheduleAsync(string id, CancellationToken ct)
    {
        await using var connection = Open();
        return await ExecuteAsync(connection, "DELETE FROM job_schedules WHERE id = @id", ct, ("id", id)) == 1;
    }

    private DbConnection Open()
    {
        var connection = database.Open();
        if (!_schemaReady)
        {
            lock (_schemaLock)
            {
                if (!_schemaReady)
                {
                    using var command = connection.CreateCommand();
                    command.CommandText = Schema;
                    command.ExecuteNonQuery();
                    _schemaReady = true;
                }
            }
        }

        return connection;
    }

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS job_runs (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            store TEXT NOT NULL,
            parameters TEXT NOT NULL,
            state TEXT NOT NULL,
            progress DOUBLE PRECISION NOT NULL DEFAULT 0,
            stage TEXT,
            log_tail TEXT NOT NULL DEFAULT '',
            result TEXT,
            error TEXT,
            created_at TEXT NOT NULL,
            started_at TEXT,
            finished_at TEXT,
            heartbeat TEXT,
            host TEXT,
            attempt INTEGER NOT NULL DEFAULT 1,
            retry_of TEXT,
            schedule_id TEXT,
            cancel_requested INTEGER NOT NULL DEFAULT 0,
            output_directory TEXT);
        CREATE INDEX IF NOT EXISTS job_runs_by_state ON job_runs (state, kind, store);
        CREATE INDEX IF NOT EXISTS job_runs_by_time ON job_runs (created_at);
        CREATE TABLE IF NOT EXISTS job_schedules (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            cron TEXT NOT NULL,
            store TEXT NOT NULL,
            parameters TEXT NOT NULL,
            created_at TEXT NOT NULL);
        """;

    private static async Task<int> ExecuteAsync(DbConnection connection, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<List<JobRun>> ReadAsync(DbConnection connection, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var runs = new List<JobRun>();
        while (await reader.ReadAsync(ct))
        {
            runs.Add(new JobRun
            {
                Id = reader.GetString(0),
                Kind = reader.GetString(1),
                Store = reader.GetString(2),
                Parameters = reader.GetString(3),
                State = Enum.Parse<RunState>(reader.GetString(4), ignoreCase: true),
                Progress = reader.GetDouble(5),
                Stage = Text(reader, 6),
                LogTail = reader.GetString(7),
                Result = Text(reader, 8),
                Error = Text(reader, 9),
                CreatedAt = ParseTime(reader.GetString(10)),
                StartedAt = Text(reader, 11) is { } started ? ParseTime(started) : null,
                FinishedAt = Text(reader, 12) is { } finished ? ParseTime(finished) : null,
                Heartbeat = Text(reader, 13) is { } beat ? ParseTime(beat) : null,
                Host = Text(reader, 14),
                Attempt = Convert.ToInt32(reader.GetValue(15), CultureInfo.InvariantCulture),
                RetryOf = Text(reader, 16),
                ScheduleId = Text(reader, 17),
                CancelRequested = Convert.ToInt32(reader.GetValue(18), CultureInfo.InvariantCulture) != 0,
                OutputDirectory = Text(reader, 19),
            });
        }

        return runs;
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            if (value is null)
            {
                parameter.DbType = System.Data.DbType.String;
            }

            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static string Name(RunState state) => state.ToString().ToLowerInvariant();

    // Fixed-width UTC text sorts in time order on both databases.
    private static string? Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
