package io.taidon.vcssync.project;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

import io.taidon.platform.problem.InvalidRequestException;

/**
 * The built-in trees a project can start from ({@code templateId} of {@code POST /api/projects}). These are project
 * layouts, not the course databases of {@code GET /api/templates}: a project on a course database names a sandbox
 * started from that template as its {@code sandboxId}.
 */
final class ProjectTemplates {

    private ProjectTemplates() {
    }

    /**
     * @param templateId {@code empty} or {@code starter}
     * @return its files by path, in path order
     * @throws InvalidRequestException {@code unknown-template} (400) for another id
     */
    static SequencedMap<String, String> files(String templateId) {
        SequencedMap<String, String> files = new LinkedHashMap<>();
        switch (templateId) {
            case "empty" -> {
            }
            case "starter" -> {
                files.put("README.md", """
                        # SQL project

                        `init/` creates the schema, `seed/` fills it, `test/` checks it, `bench/` measures queries.
                        Files run in path order within each folder; `init` then `seed` are the cached tail of
                        every test run. In a test file, a query preceded by an `-- expect:` comment must return
                        exactly the table written under it.
                        """);
                files.put("init/001_schema.sql", """
                        create table author (id int primary key, name text not null);
                        create table book (id int primary key, author_id int references author, title text not null);
                        """);
                files.put("seed/001_data.sql", """
                        insert into author values (1, 'Ursula'), (2, 'Stanisław');
                        insert into book values (1, 1, 'The Dispossessed'), (2, 2, 'Solaris'), (3, 1, 'Lathe');
                        """);
                files.put("test/001_books_per_author.sql", """
                        -- expect:
                        --  name      | books
                        -- -----------+-------
                        --  Stanisław | 1
                        --  Ursula    | 2
                        select a.name, count(*) as books
                        from author a join book b on b.author_id = a.id
                        group by a.name order by a.name;
                        """);
                files.put("bench/001_titles.sql", """
                        select title from book where author_id = 1 order by title;
                        """);
            }
            default -> throw new InvalidRequestException("unknown-template",
                    "No project template '" + templateId + "'; there are: empty, starter.");
        }
        return files;
    }

    /** @return every template's files, for tests */
    static Map<String, SequencedMap<String, String>> all() {
        return Map.of("empty", files("empty"), "starter", files("starter"));
    }
}
