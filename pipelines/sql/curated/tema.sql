-- The theme codebook shown in the UI.
with teman as (select * from staging.stg_teman),
final as (select tema_id, etikett, beskrivning from teman)
select * from final
