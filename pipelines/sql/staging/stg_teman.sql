-- The theme codebook for free-text answers (pipelines/themes/codebook.csv).
with source as (select * from raw.teman),
final as (select id as tema_id, label as etikett, description as beskrivning from source)
select * from final
