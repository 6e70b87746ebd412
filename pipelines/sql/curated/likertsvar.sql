-- Likert answers of the responses that count: label, score 1-5 (null for Vet ej), a Vet ej flag and vikt:
-- 1 / the number of the kommun's respondents with a position on the question (null for Vet ej), so that a
-- weighted mean sum(varde * vikt) / sum(vikt) weighs every kommun equally. vikt is 1 in en_per_kommun.
with svar as (select * from staging.stg_enkatsvar where svar is not null),
giltiga as (select utvardering, svars_id from enkatsvar where galler),
fragor as (select fraga_id from fraga where typ = 'likert'),
skala as (select * from likertskala),
final as (
    select s.utvardering, s.svars_id, s.kommunkod, s.fraga_id, s.svar, k.varde, k.varde is null as vet_ej,
           case when k.varde is not null then
               1.0 / count(k.varde) over (partition by s.utvardering, s.kommunkod, s.fraga_id)
           end as vikt
    from svar s
    join giltiga using (utvardering, svars_id)
    join fragor using (fraga_id)
    join skala k on k.etikett = s.svar
    order by s.utvardering, s.kommunkod, s.fraga_id
)
select * from final
