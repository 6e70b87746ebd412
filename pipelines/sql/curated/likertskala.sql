-- Likert labels in display order with their scores; Vet ej has none.
with skala as (select * from staging.stg_likertskala),
final as (select etikett, varde, ordning from skala order by ordning)
select * from final
