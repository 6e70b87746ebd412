-- Likert labels and their scores 1-5; Vet ej has no score (pipelines/seeds/likertskala.csv).
with source as (select * from raw.likertskala),
final as (select etikett, cast(varde as integer) as varde, cast(ordning as integer) as ordning from source)
select * from final
